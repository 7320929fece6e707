using System.Collections.Immutable;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Binning;

/// <summary>The bins of every feature of a schema, learned from training data by <see cref="Fit"/>.</summary>
public sealed class BinMapper
{
    /// <summary>Bins per feature including the missing bin, so a bin index fits in a byte.</summary>
    public const int MaxBins = 255;

    public BinMapper(FeatureSchema schema, IEnumerable<FeatureBins> features)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        Features = features.ToImmutableArray();
        if (Features.Length != schema.Count)
            throw new ArgumentException($"Expected bins for {schema.Count} features; found {Features.Length}.", nameof(features));
        for (var j = 0; j < schema.Count; j++)
        {
            if (Features[j].Kind != schema[j].Kind)
                throw new ArgumentException($"Feature '{schema[j].Name}' is {schema[j].Kind} but its bins are {Features[j].Kind}.", nameof(features));
            if (schema[j].IsCategorical && Features[j].CategoryCount != schema[j].Categories.Length)
                throw new ArgumentException($"Feature '{schema[j].Name}' has {schema[j].Categories.Length} categories but its bins cover {Features[j].CategoryCount}.", nameof(features));
        }
    }

    public FeatureSchema Schema { get; }
    public ImmutableArray<FeatureBins> Features { get; }

    /// <summary>
    /// Quantile cuts for numeric features (midpoints between neighbouring distinct values, so every
    /// distinct value gets its own bin when there are few enough), one bin per category, bin 0 for missing.
    /// </summary>
    public static BinMapper Fit(Frame frame, int maxBins = MaxBins)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (maxBins < 3 || maxBins > MaxBins)
            throw new ArgumentOutOfRangeException(nameof(maxBins), maxBins, $"maxBins must be between 3 and {MaxBins}.");
        var bins = new FeatureBins[frame.ColumnCount];
        Parallel.For(0, frame.ColumnCount, j =>
        {
            var spec = frame.Schema[j];
            if (spec.IsCategorical)
            {
                if (spec.Categories.Length > maxBins - 1)
                    throw new DataFormatException($"Categorical feature '{spec.Name}' has {spec.Categories.Length} categories; at most {maxBins - 1} fit in {maxBins} bins. Group rare categories before training.");
                bins[j] = new FeatureBins(FeatureKind.Categorical, [], spec.Categories.Length);
            }
            else
            {
                bins[j] = new FeatureBins(FeatureKind.Numeric, NumericCuts(frame.Column(j), maxBins - 1), 0);
            }
        });
        return new BinMapper(frame.Schema, bins);
    }

    public BinnedFrame Transform(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.Schema.Equals(Schema))
            throw new DataFormatException("The frame's schema differs from the schema the bins were fitted on; bin data with the mapper fitted on the same features.");
        var columns = new byte[frame.ColumnCount][];
        Parallel.For(0, frame.ColumnCount, j =>
        {
            var source = frame.Column(j);
            var target = new byte[frame.RowCount];
            var bins = Features[j];
            for (var i = 0; i < target.Length; i++) target[i] = (byte)bins.BinOf(source[i]);
            columns[j] = target;
        });
        return new BinnedFrame(this, columns);
    }

    private static double[] NumericCuts(ReadOnlySpan<double> column, int maxValueBins)
    {
        var values = new List<double>(column.Length);
        foreach (var v in column) if (!double.IsNaN(v)) values.Add(v);
        if (values.Count == 0) return [];
        values.Sort();
        var distinct = new List<double>();
        var counts = new List<int>();
        foreach (var v in values)
        {
            if (distinct.Count > 0 && distinct[^1] == v) counts[^1]++;
            else { distinct.Add(v); counts.Add(1); }
        }
        var cuts = new List<double>();
        if (distinct.Count <= maxValueBins)
        {
            for (var i = 1; i < distinct.Count; i++) cuts.Add(Midpoint(distinct[i - 1], distinct[i]));
            return [.. cuts];
        }
        // Walk the distinct values and close a bin each time the running count passes the next quantile.
        double n = values.Count, cumulative = 0;
        var next = 1;
        for (var i = 0; i < distinct.Count - 1 && next < maxValueBins; i++)
        {
            cumulative += counts[i];
            if (cumulative >= next * n / maxValueBins)
            {
                cuts.Add(Midpoint(distinct[i], distinct[i + 1]));
                while (next < maxValueBins && cumulative >= next * n / maxValueBins) next++;
            }
        }
        return [.. cuts];
    }

    private static double Midpoint(double a, double b)
    {
        var m = a + (b - a) / 2;
        // Guard against rounding onto the lower neighbour, which would put a into the upper bin.
        return m > a ? m : b;
    }
}
