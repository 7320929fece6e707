using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>Options of <see cref="PermutationImportance.Compute"/>.</summary>
public sealed record PermutationImportanceOptions
{
    /// <summary>Permutations per feature (K). Default 5; at least 2 so a standard deviation exists.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>
    /// The only randomness: the permutation of feature f in repeat r is a Fisher–Yates shuffle driven by
    /// SplitMix64 seeded from (Seed, f, r), so results do not depend on thread scheduling.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Metrics to report; default AUC, accuracy and log-loss.</summary>
    public IReadOnlyList<IScoreMetric> Metrics { get; init; } = ScoreMetrics.Default;

    /// <summary>Coverage of the t interval around the mean delta. Default 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Threads over features; -1 (default) lets the runtime decide.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public void Validate()
    {
        var errors = new List<string>();
        if (Repeats < 2) errors.Add($"{nameof(Repeats)}: expected at least 2 (a standard deviation needs two permutations); found {Repeats}.");
        if (Metrics is null || Metrics.Count == 0) errors.Add($"{nameof(Metrics)}: expected at least one metric; found none.");
        else if (Metrics.Select(m => m.Name).Distinct().Count() != Metrics.Count) errors.Add($"{nameof(Metrics)}: metric names must be unique; found {string.Join(", ", Metrics.Select(m => m.Name))}.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) errors.Add($"{nameof(ConfidenceLevel)}: expected a value strictly between 0 and 1; found {ConfidenceLevel}.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1) errors.Add($"{nameof(MaxDegreeOfParallelism)}: expected -1 or a positive count; found {MaxDegreeOfParallelism}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid permutation importance options: " + string.Join(" ", errors));
    }
}

/// <summary>
/// Permutation feature importance with ML.NET's semantics: for each original feature, shuffle its column K
/// times and report metric(permuted) − metric(baseline) with mean, standard deviation, standard error and a t
/// interval. Works on any <see cref="IBinaryClassifier"/> (one shared-column frame per permutation); a
/// <see cref="TreeEnsembleModel"/> is re-predicted through only the trees that split on the permuted feature,
/// summing in the same order as <see cref="TreeEnsembleModel.PredictRaw(ReadOnlySpan{double})"/>, so margins are
/// bit-identical to a full prediction and a feature no tree uses gets exactly zero.
/// </summary>
public static class PermutationImportance
{
    public static PermutationImportanceResult Compute(IBinaryClassifier model, Frame frame, IReadOnlyList<bool> labels, PermutationImportanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new PermutationImportanceOptions();
        options.Validate();
        if (!frame.Schema.Equals(model.Schema))
            throw new DataFormatException("The frame's features differ from the model's; compute importance on data with the schema the model was trained on.");
        if (labels.Count != frame.RowCount)
            throw new DataFormatException($"Expected one label per row ({frame.RowCount}); found {labels.Count}.");
        var y = labels.ToArray();
        var metrics = options.Metrics;

        var predictor = ColumnPredictor.For(model, frame);
        var baselineMargins = predictor.Baseline;
        var baseline = new double[metrics.Count];
        for (var m = 0; m < metrics.Count; m++) baseline[m] = metrics[m].Compute(y, baselineMargins);

        var features = frame.ColumnCount;
        var deltas = new double[features][][]; // [feature][metric][repeat]
        var t = TQuantile(options.ConfidenceLevel, options.Repeats);
        Parallel.For(0, features, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, f =>
        {
            var perFeature = new double[metrics.Count][];
            for (var m = 0; m < metrics.Count; m++) perFeature[m] = new double[options.Repeats];
            var margins = new double[frame.RowCount];
            for (var r = 0; r < options.Repeats; r++)
            {
                var column = frame.CopyColumn(f);
                var random = SeededRandom.Derive(options.Seed, f, r);
                random.Shuffle(column.AsSpan());
                predictor.PredictWithColumn(f, column, margins);
                for (var m = 0; m < metrics.Count; m++) perFeature[m][r] = metrics[m].Compute(y, margins) - baseline[m];
            }
            deltas[f] = perFeature;
        });

        var results = new FeaturePermutationImportance[features];
        for (var f = 0; f < features; f++)
        {
            var perMetric = new MetricDelta[metrics.Count];
            for (var m = 0; m < metrics.Count; m++) perMetric[m] = Summarize(metrics[m].Name, deltas[f][m], t);
            results[f] = new FeaturePermutationImportance(f, frame.Schema[f].Name, perMetric);
        }
        var baselineByName = new Dictionary<string, double>();
        for (var m = 0; m < metrics.Count; m++) baselineByName[metrics[m].Name] = baseline[m];
        return new PermutationImportanceResult(baselineByName, results, options.Repeats, options.Seed, options.ConfidenceLevel);
    }

    /// <summary>
    /// The t with P(|T| ≤ t) = <paramref name="confidenceLevel"/> on K − 1 degrees of freedom: the half-width of the
    /// interval in standard errors.
    /// </summary>
    internal static double TQuantile(double confidenceLevel, int repeats) =>
        MathNet.Numerics.Distributions.StudentT.InvCDF(location: 0, scale: 1, freedom: repeats - 1, p: 0.5 + confidenceLevel / 2);

    internal static MetricDelta Summarize(string metric, double[] values, double tQuantile)
    {
        var k = values.Length;
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= k;
        var squares = 0.0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        var sd = Math.Sqrt(squares / (k - 1));
        var se = sd / Math.Sqrt(k);
        return new MetricDelta(metric, mean, sd, se, mean - tQuantile * se, mean + tQuantile * se, values);
    }
}
