namespace MisuseLab.Learning.Explainers;

/// <summary>
/// The change of one metric when one feature is permuted, over the repeats: Δ = metric(permuted) − metric(baseline)
/// (ML.NET's sign: an important feature lowers AUC and accuracy, so its Δ is negative, and raises log-loss).
/// The interval is mean ± t_{(1+level)/2, K−1}·SE.
/// </summary>
public sealed record MetricDelta(
    string Metric,
    double Mean,
    double StandardDeviation,
    double StandardError,
    double Lower,
    double Upper,
    IReadOnlyList<double> Deltas);

/// <summary>Permutation importance of one original feature, one <see cref="MetricDelta"/> per metric.</summary>
public sealed record FeaturePermutationImportance(int Feature, string Name, IReadOnlyList<MetricDelta> Metrics)
{
    public MetricDelta this[string metric] =>
        Metrics.FirstOrDefault(m => m.Metric == metric)
        ?? throw new KeyNotFoundException($"No metric '{metric}' was computed; found {string.Join(", ", Metrics.Select(m => m.Metric))}.");
}

public sealed record PermutationImportanceResult(
    IReadOnlyDictionary<string, double> Baseline,
    IReadOnlyList<FeaturePermutationImportance> Features,
    int Repeats,
    int Seed,
    double ConfidenceLevel);
