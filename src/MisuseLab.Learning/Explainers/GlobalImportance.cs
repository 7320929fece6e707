using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>One feature's global importance; the interval is present when the explainer has one (PFI).</summary>
public sealed record FeatureImportance(int Feature, string Name, double Importance, double? Lower = null, double? Upper = null);

/// <summary>Global importance for each explainer, in the units of its local explanation.</summary>
public static class GlobalImportance
{
    /// <summary>Mean |attribution| over rows (TreeSHAP: mean |φ|; EBM: data-weighted mean |term score|).</summary>
    public static IReadOnlyList<FeatureImportance> FromAttributions(ILocalAttributions attributions)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        var result = new FeatureImportance[attributions.Schema.Count];
        var sums = new double[result.Length];
        for (var i = 0; i < attributions.RowCount; i++)
        {
            var row = attributions.Row(i);
            for (var f = 0; f < sums.Length; f++) sums[f] += Math.Abs(row[f]);
        }
        for (var f = 0; f < result.Length; f++)
            result[f] = new FeatureImportance(f, attributions.Schema[f].Name, attributions.RowCount == 0 ? 0 : sums[f] / attributions.RowCount);
        return result;
    }

    /// <summary>InterpretML's EBM importance: mean |term score| over the rows of <paramref name="frame"/>.</summary>
    public static IReadOnlyList<FeatureImportance> FromEbm(EbmModel model, Frame frame) => FromAttributions(EbmTerms.Explain(model, frame));

    /// <summary>
    /// Importance as the metric's worsening when the feature is permuted: −Δ for metrics where higher is better
    /// (default AUC: the AUC drop), +Δ for losses; the interval is transformed alike.
    /// </summary>
    public static IReadOnlyList<FeatureImportance> FromPermutation(PermutationImportanceResult result, IScoreMetric? metric = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        metric ??= ScoreMetrics.Auc;
        var sign = metric.HigherIsBetter ? -1.0 : 1.0;
        return [.. result.Features.Select(f =>
        {
            var d = f[metric.Name];
            var (lo, hi) = sign > 0 ? (d.Lower, d.Upper) : (-d.Upper, -d.Lower);
            return new FeatureImportance(f.Feature, f.Name, sign * d.Mean, lo, hi);
        })];
    }
}
