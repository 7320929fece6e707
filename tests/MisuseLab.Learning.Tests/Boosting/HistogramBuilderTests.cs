using MisuseLab.Learning.Boosting;

namespace MisuseLab.Learning.Tests.Boosting;

public class HistogramBuilderTests
{
    [Fact]
    public void Parent_minus_smaller_child_equals_the_larger_child_built_from_its_rows()
    {
        const int rows = 5000;
        var random = new Random(7);
        int[] binCounts = [17, 255, 3];
        var bins = binCounts.Select(count => Enumerable.Range(0, rows).Select(_ => (byte)random.Next(count)).ToArray()).ToArray();
        var gradHess = Enumerable.Range(0, 2 * rows).Select(i => i % 2 == 0 ? random.NextDouble() - 0.5 : random.NextDouble() * 0.25).ToArray();
        var builder = new HistogramBuilder(bins, binCounts, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        var active = new[] { true, true, true };

        var all = Enumerable.Range(0, rows).ToArray();
        var parent = new double[builder.Length];
        builder.Build(all, 0, rows, gradHess, parent, active);
        // An arbitrary split: rows whose second feature's bin is below 40 form the smaller child.
        var small = all.Where(r => bins[1][r] < 40).ToArray();
        var large = all.Where(r => bins[1][r] >= 40).ToArray();
        var smallHistogram = new double[builder.Length];
        builder.Build(small, 0, small.Length, gradHess, smallHistogram, active);
        var direct = new double[builder.Length];
        builder.Build(large, 0, large.Length, gradHess, direct, active);

        var identityRows = new double[builder.Length];
        builder.Build(null, 0, rows, gradHess, identityRows, active);
        Assert.Equal(parent, identityRows); // null rows mean rows 0..count-1, summed in the same order

        builder.SubtractInPlace(parent, smallHistogram, active);

        for (var i = 0; i < direct.Length; i++)
        {
            if (i % HistogramBuilder.Stride == 2) Assert.Equal(direct[i], parent[i]); // counts are exact
            else Assert.Equal(direct[i], parent[i], 1e-9);
        }
    }

    [Fact]
    public void A_directly_built_histogram_holds_each_bins_gradient_hessian_and_count_sums()
    {
        byte[][] bins = [[0, 2, 2, 1, 2], [1, 1, 0, 0, 1]];
        double[] gradHess = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50];
        var builder = new HistogramBuilder(bins, [3, 2], new ParallelOptions());
        var histogram = new double[builder.Length];
        // Rows 1..4 only (row 0 excluded), given in a shuffled order.
        builder.Build([9, 4, 2, 1, 3, 9], 1, 4, gradHess, histogram, [true, true]);
        double[] expected =
        [
            0, 0, 0,      // feature 0, bin 0: no row among 1..4
            4, 40, 1,     // feature 0, bin 1: row 3
            2 + 3 + 5, 20 + 30 + 50, 3, // feature 0, bin 2: rows 1, 2, 4
            3 + 4, 30 + 40, 2, // feature 1, bin 0: rows 2, 3
            2 + 5, 20 + 50, 2, // feature 1, bin 1: rows 1, 4
        ];
        Assert.Equal(expected, histogram);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(14)]
    public void Grouped_parallel_building_equals_building_each_feature_alone(int features)
    {
        const int rows = 30000; // above the parallel threshold
        var random = new Random(features);
        var binCounts = Enumerable.Range(0, features).Select(_ => random.Next(2, 256)).ToArray();
        var bins = binCounts.Select(count => Enumerable.Range(0, rows).Select(_ => (byte)random.Next(count)).ToArray()).ToArray();
        var gradHess = Enumerable.Range(0, 2 * rows).Select(_ => random.NextDouble() - 0.3).ToArray();
        var builder = new HistogramBuilder(bins, binCounts, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        var subset = Enumerable.Range(0, rows).Where(r => r % 3 != 0).ToArray();
        var active = Enumerable.Repeat(true, features).ToArray();

        var grouped = new double[builder.Length];
        builder.Build(subset, 0, subset.Length, gradHess, grouped, active);
        var alone = new double[builder.Length];
        for (var f = 0; f < features; f++) builder.BuildFeature(f, subset, 0, subset.Length, gradHess, alone);

        Assert.Equal(alone, grouped);
        Assert.Equal(subset.Length * features, Enumerable.Range(0, grouped.Length / 3).Sum(i => grouped[3 * i + 2]));
    }
}
