using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Tests.Binning;

public class FeatureBinsTests
{
    [Fact]
    public void Bins_up_to_b_are_exactly_the_values_below_cut_b_minus_one()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 3000).Select(_ => Math.Round(random.NextDouble() * 100, 1)).ToArray();
        var frame = new Frame(new FeatureSchema([FeatureSpec.Numeric("v")]), [values]);
        var bins = BinMapper.Fit(frame, maxBins: 40).Features[0];
        Assert.True(bins.Cuts.Length is > 10 and <= 38);

        var probes = values.Concat(bins.Cuts).Concat(bins.Cuts.Select(c => Math.BitDecrement(c))).Append(-1e9).Append(1e9);
        foreach (var v in probes)
        {
            var bin = bins.BinOf(v);
            for (var b = 1; b <= bins.Cuts.Length; b++)
                Assert.Equal(bin <= b, v < bins.Cuts[b - 1]);
        }
        Assert.Equal(FeatureBins.MissingBin, bins.BinOf(double.NaN));
    }

    [Fact]
    public void Categories_map_to_one_plus_their_index_and_missing_to_bin_zero()
    {
        var frame = new Frame(new FeatureSchema([FeatureSpec.Categorical("c", ["x", "y", "z"])]), [[0, 2, double.NaN]]);
        var mapper = BinMapper.Fit(frame);
        var binned = mapper.Transform(frame);
        Assert.Equal([1, 3, 0], binned.Column(0).ToArray());
        Assert.Equal(4, mapper.Features[0].BinCount);
    }
}
