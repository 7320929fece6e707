using System.Collections.Immutable;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Binning;

/// <summary>
/// How one feature's values map to bins. Bin 0 is always "missing". A numeric value v falls in bin
/// 1 + (number of cuts ≤ v), so bin b ≥ 1 holds [Cuts[b-2], Cuts[b-1]) and a split "bins ≤ b go left"
/// is the threshold test <c>v &lt; Cuts[b-1]</c>, the convention XGBoost uses too. A category with
/// index c falls in bin 1 + c.
/// </summary>
public sealed record FeatureBins
{
    public const int MissingBin = 0;

    public FeatureBins(FeatureKind kind, IEnumerable<double> cuts, int categoryCount)
    {
        Kind = kind;
        Cuts = cuts.ToImmutableArray();
        CategoryCount = categoryCount;
        if (kind == FeatureKind.Categorical && Cuts.Length > 0)
            throw new ArgumentException("A categorical feature has no numeric cuts.", nameof(cuts));
        if (kind == FeatureKind.Numeric && categoryCount != 0)
            throw new ArgumentException("A numeric feature has no categories.", nameof(categoryCount));
        for (var i = 1; i < Cuts.Length; i++)
        {
            if (!(Cuts[i] > Cuts[i - 1]))
                throw new ArgumentException($"Cuts must be strictly increasing; cut {i} ({Cuts[i]}) follows {Cuts[i - 1]}.", nameof(cuts));
        }
        if (BinCount > BinMapper.MaxBins)
            throw new ArgumentException($"At most {BinMapper.MaxBins} bins (missing included) are allowed; this feature needs {BinCount}.", nameof(cuts));
    }

    public FeatureKind Kind { get; }
    public ImmutableArray<double> Cuts { get; }
    public int CategoryCount { get; }

    /// <summary>Number of bins including the missing bin.</summary>
    public int BinCount => 1 + (Kind == FeatureKind.Numeric ? Cuts.Length + 1 : CategoryCount);

    public int BinOf(double value)
    {
        if (double.IsNaN(value)) return MissingBin;
        if (Kind == FeatureKind.Categorical)
        {
            var c = (int)value;
            return c >= 0 && c < CategoryCount ? 1 + c : MissingBin;
        }
        // Number of cuts <= value (upper bound), by binary search.
        int lo = 0, hi = Cuts.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Cuts[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return 1 + lo;
    }

    /// <summary>For numeric bin b ≥ 2, the threshold t with "v &lt; t" exactly when v lies in bins ≤ b-1.</summary>
    public double LowerEdgeOf(int bin) => Cuts[bin - 2];
}
