using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>Per-feature effect curves as plain records (no charting): SHAP dependence and partial dependence for an ensemble, shape functions for an EBM.</summary>
public static class FeatureEffects
{
    /// <param name="shap">SHAP values of <paramref name="frame"/> (computed when null).</param>
    public static EnsembleFeatureEffect ForEnsemble(TreeEnsembleModel model, Frame frame, int feature, ShapValues? shap = null, FeatureEffectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        return ForAttributions(model, frame, feature, shap ?? TreeShap.Explain(model, frame), options);
    }

    /// <summary>
    /// The same effect for any model whose local attributions of <paramref name="frame"/> are given (an ML.NET
    /// model's TreeSHAP values per input column): binned mean attribution, dependence points and partial dependence
    /// through the model's own predictions.
    /// </summary>
    public static EnsembleFeatureEffect ForAttributions(IBinaryClassifier model, Frame frame, int feature, ILocalAttributions shap, FeatureEffectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(shap);
        options ??= new FeatureEffectOptions();
        options.Validate();
        CheckFeature(frame.Schema, feature);
        if (shap.RowCount != frame.RowCount)
            throw new DataFormatException($"The SHAP values cover {shap.RowCount} rows; the frame has {frame.RowCount}. Pass the values computed on this frame.");

        var spec = frame.Schema[feature];
        var column = frame.Column(feature);
        // Categories keep one bin each whatever MaxBins says (Adult's native-country has 41).
        var bins = spec.IsCategorical
            ? new FeatureBins(FeatureKind.Categorical, [], spec.Categories.Length)
            : BinMapper.Fit(new Frame(new FeatureSchema([spec]), [column.ToArray()]), options.MaxBins).Features[0];
        var density = Bins(spec, bins, column);

        var dependence = new DependencePoint[frame.RowCount];
        var sums = new double[bins.BinCount];
        var squares = new double[bins.BinCount];
        for (var i = 0; i < column.Length; i++)
        {
            var phi = shap[i, feature];
            dependence[i] = new DependencePoint(i, column[i], phi);
            var b = bins.BinOf(column[i]);
            sums[b] += phi;
            squares[b] += phi * phi;
        }
        var binned = density.Select(b =>
        {
            if (b.Count == 0) return new BinnedAttribution(b, double.NaN, double.NaN);
            var mean = sums[b.Bin] / b.Count;
            return new BinnedAttribution(b, mean, Math.Sqrt(Math.Max(0, squares[b.Bin] / b.Count - mean * mean)));
        }).ToArray();

        // Partial dependence over the data-supported bins, on a seeded sample of rows.
        var sample = SampleRows(frame.RowCount, options.PartialDependenceRows, options.Seed);
        var sampled = frame.SelectRows(sample);
        var pd = new List<PartialDependencePoint>();
        foreach (var bin in density)
        {
            if (bin.Count == 0) continue;
            var constant = new double[sampled.RowCount];
            Array.Fill(constant, bin.Representative);
            var margins = model.PredictRaw(sampled.WithColumn(feature, constant));
            var mean = 0.0;
            foreach (var m in margins) mean += m;
            pd.Add(new PartialDependencePoint(bin.Label, bin.Representative, mean / margins.Length));
        }
        return new EnsembleFeatureEffect(feature, spec.Name, dependence, binned, pd, density);
    }

    /// <summary>The EBM's shape function: per bin its representative value, score and ±1 sd band, with data counts from <paramref name="frame"/>.</summary>
    public static EbmFeatureEffect ForEbm(EbmModel model, Frame frame, int feature)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        CheckFeature(model.Schema, feature);
        if (!frame.Schema.Equals(model.Schema))
            throw new DataFormatException("The frame's features differ from the EBM's; pass data with the schema the model was trained on.");
        var bins = Bins(model.Schema[feature], model.Bins.Features[feature], frame.Column(feature));
        var scores = model.TermScores[feature];
        var sds = model.TermStandardDeviations[feature];
        var shape = bins.Select(b => new ShapeFunctionBin(b, scores[b.Bin], sds[b.Bin], scores[b.Bin] - sds[b.Bin], scores[b.Bin] + sds[b.Bin])).ToArray();
        return new EbmFeatureEffect(feature, model.Schema[feature].Name, shape);
    }

    internal static EffectBin[] Bins(FeatureSpec spec, FeatureBins bins, ReadOnlySpan<double> column)
    {
        var counts = new int[bins.BinCount];
        var sums = new double[bins.BinCount];
        foreach (var v in column)
        {
            var b = bins.BinOf(v);
            counts[b]++;
            if (!double.IsNaN(v)) sums[b] += v;
        }
        var result = new EffectBin[bins.BinCount];
        result[0] = new EffectBin(0, "missing", double.NaN, double.NaN, double.NaN, counts[0]);
        for (var b = 1; b < bins.BinCount; b++)
        {
            if (spec.IsCategorical)
            {
                result[b] = new EffectBin(b, spec.Categories[b - 1], b - 1, b - 1, b - 1, counts[b]);
                continue;
            }
            var lower = b >= 2 ? bins.Cuts[b - 2] : double.NegativeInfinity;
            var upper = b - 1 < bins.Cuts.Length ? bins.Cuts[b - 1] : double.PositiveInfinity;
            var representative = counts[b] > 0 ? sums[b] / counts[b]
                : double.IsFinite(lower) && double.IsFinite(upper) ? (lower + upper) / 2
                : double.IsFinite(lower) ? lower : upper;
            var label = $"[{Format(lower)}, {Format(upper)})";
            result[b] = new EffectBin(b, label, lower, upper, representative, counts[b]);
        }
        return result;
    }

    private static string Format(double v) => double.IsNegativeInfinity(v) ? "-inf" : double.IsPositiveInfinity(v) ? "inf" : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    internal static int[] SampleRows(int rows, int count, int seed)
    {
        var all = new int[rows];
        for (var i = 0; i < rows; i++) all[i] = i;
        if (count >= rows) return all;
        // Partial Fisher–Yates: the first `count` positions become a uniform sample without replacement.
        var random = SeededRandom.Derive(seed, rows, count);
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(rows - i);
            (all[i], all[j]) = (all[j], all[i]);
        }
        var sample = all[..count];
        Array.Sort(sample);
        return sample;
    }

    private static void CheckFeature(FeatureSchema schema, int feature)
    {
        if (feature < 0 || feature >= schema.Count)
            throw new ArgumentOutOfRangeException(nameof(feature), feature, $"Expected a feature index in 0..{schema.Count - 1}.");
    }
}
