using System.Text.Json;
using System.Text.Json.Serialization;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Pipeline;

/// <summary>Options of <see cref="StudySanityChecks.Run"/>; defaults documented on each.</summary>
public sealed record StudySanityOptions
{
    /// <summary>Seeds run per explainer (at least 5): seed i is the study's data seed + i. Default 5.</summary>
    public int Seeds { get; init; } = 5;

    /// <summary>Training rows (seeded sample, per seed) the explanations are compared on. Default 500.</summary>
    public int ExplainedRows { get; init; } = 500;

    /// <summary>
    /// Training rows (seeded sample, per seed) the data-randomization test retrains on with permuted labels, with the
    /// study's own hyperparameters. Default 5000: retraining on all of adult.data for every seed would make a build
    /// several minutes longer without changing what the test asks (whether the explanation follows the labels).
    /// </summary>
    public int TrainingRows { get; init; } = 5000;

    /// <summary>|Spearman ρ| below which an explanation counts as changed (<see cref="SanityCheckOptions.PassThreshold"/>). Default 0.5.</summary>
    public double PassThreshold { get; init; } = 0.5;

    /// <summary>Below this mean training AUC on the permuted labels the retrained model did not fit them and the data test is inconclusive. Default 0.6.</summary>
    public double MinRandomLabelAuc { get; init; } = 0.6;

    public void Validate()
    {
        var errors = new List<string>();
        if (Seeds < 5) errors.Add($"{nameof(Seeds)}: expected at least 5 (one seed's verdict is a coin with a few per cent chance of a chance correlation); found {Seeds}.");
        if (ExplainedRows < 2) errors.Add($"{nameof(ExplainedRows)}: expected at least 2; found {ExplainedRows}.");
        if (TrainingRows < ExplainedRows) errors.Add($"{nameof(TrainingRows)}: expected at least {nameof(ExplainedRows)} ({ExplainedRows}); found {TrainingRows}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid study sanity options: " + string.Join(" ", errors));
    }
}

/// <summary>One agreement measure between the trained and a randomized model's explanation, per seed and summarised (null = undefined, e.g. a constant explanation).</summary>
public sealed record SanityMeasure(IReadOnlyList<double?> PerSeed, double? Mean, double? StandardDeviation);

/// <summary>One test (cascading / independent model randomization, data randomization) of one explainer over all seeds, at its decisive step.</summary>
public sealed record SanityTestSummary(
    string Test, string Step, int PassedSeeds, int Seeds,
    SanityMeasure Spearman, SanityMeasure SpearmanAbsolute, SanityMeasure KendallTau, SanityMeasure TopKOverlap,
    SanityMeasure? LocalSpearman, SanityMeasure? RetrainedTrainingAuc, IReadOnlyList<SanityCheckResult> Runs);

/// <summary>
/// The verdict for one explainer of a study: "pass" when the mean |Spearman ρ| over seeds is below the threshold for
/// both cascading model randomization and data randomization, else "fail". A failing explainer is reported, never
/// refused (studying one is legitimate). <see cref="DataRandomizationConclusive"/> is false when the retrained models
/// did not fit their random labels (mean training AUC below the option's minimum).
/// </summary>
public sealed record ExplainerSanity(string Explainer, string Kind, string Model, string Verdict, string Criterion,
    bool DataRandomizationConclusive, IReadOnlyList<SanityTestSummary> Tests);

/// <summary>Every explainer's sanity checks for one built study, serialisable as JSON (<see cref="ToJson"/>).</summary>
public sealed record StudySanityReport(string Study, string Version, string? StudyHash, IReadOnlyList<int> Seeds, int ExplainedRows, int TrainingRows,
    double PassThreshold, IReadOnlyList<ExplainerSanity> Explainers)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a raw SanityCheckResult may carry an undefined (NaN) correlation
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StudySanityReport FromJson(string json) =>
        JsonSerializer.Deserialize<StudySanityReport>(json, Json) ?? throw new JsonException("Expected a study sanity report; found null.");
}

/// <summary>
/// Model- and data-randomization sanity checks (Adebayo et al. 2018) for every explainer of a built study, over
/// several seeds, with the explainer's own model and the study's own hyperparameters for retraining. Seeds: seed i =
/// data seed + i drives the training-row sample, the explained-row sample, the re-drawn parameters and the permuted
/// labels (<see cref="SanityCheckOptions.Seed"/>).
/// </summary>
public static class StudySanityChecks
{
    public static StudySanityReport Run(BuiltStudy built, StudySanityOptions? options = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(built);
        options ??= new StudySanityOptions();
        options.Validate();
        var definition = built.Definition;
        var seeds = Enumerable.Range(0, options.Seeds).Select(i => definition.Data.Seed + i).ToList();
        var explainers = new List<ExplainerSanity>();
        foreach (var explainer in definition.Explainers)
        {
            progress?.Report($"sanity checks of explainer '{explainer.Id}' over {seeds.Count} seeds");
            var model = built.Models.Single(m => m.Id == explainer.Model).Model;
            var modelDefinition = definition.Model(explainer.Model);
            var runs = seeds.Select(seed => RunSeed(built.Data, model, modelDefinition, Explainer(explainer, seed), seed, options)).ToList();
            explainers.Add(Summarise(explainer, runs, options));
        }
        return new StudySanityReport(definition.Id, definition.Version, built.StudyHash, seeds, options.ExplainedRows, options.TrainingRows, options.PassThreshold, explainers);
    }

    private static IAttributionExplainer Explainer(ExplainerDefinition explainer, int seed) => explainer.Kind switch
    {
        Explanations.ExplainerKinds.TreeShap => new TreeShapExplainer(),
        Explanations.ExplainerKinds.Terms => new EbmTermExplainer(),
        Explanations.ExplainerKinds.Pfi => new PermutationExplainer(new PermutationImportanceOptions { Repeats = 3, Seed = seed }),
        // FCC runs inside ML.NET, so only data randomization (an ML.NET model retrained on permuted labels) applies to it.
        Explanations.ExplainerKinds.Fcc => new FccExplainer(),
        _ => throw new StudyPipelineException($"Explainer '{explainer.Id}': expected a kind with sanity checks (treeshap, terms, pfi, fcc); found '{explainer.Kind}'."),
    };

    private static SanityReport RunSeed(StudyData data, IBinaryClassifier model, ModelDefinition modelDefinition, IAttributionExplainer explainer, int seed, StudySanityOptions options)
    {
        var rows = Math.Min(options.TrainingRows, data.Train.RowCount);
        var sample = rows == data.Train.RowCount ? Enumerable.Range(0, rows).ToArray() : RowSampler.Sample(new Random(seed), data.Train.RowCount, rows);
        Array.Sort(sample);
        var frame = data.Train.SelectRows(sample);
        var labels = sample.Select(i => data.TrainLabels[i]).ToArray();
        return SanityChecks.Run(model, frame, labels, (f, y) => ModelFactory.Train(modelDefinition, f, y), new SanityCheckOptions
        {
            Seed = seed,
            ExplainedRows = Math.Min(options.ExplainedRows, rows),
            PassThreshold = options.PassThreshold,
            IndependentRandomization = true,
            Explainers = [explainer],
        });
    }

    private static ExplainerSanity Summarise(ExplainerDefinition explainer, List<SanityReport> runs, StudySanityOptions options)
    {
        var tests = new List<SanityTestSummary>();
        foreach (var test in new[] { SanityChecks.ModelRandomization, SanityChecks.IndependentModelRandomization, SanityChecks.DataRandomization })
        {
            var results = runs.Select(r => r.Results.FirstOrDefault(x => x.Test == test)).ToList();
            if (results.Any(r => r is null)) continue;
            var decisive = results.Select(r => r!.Steps[^1].Agreement).ToList();
            tests.Add(new SanityTestSummary(test, results[0]!.Steps[^1].Description, results.Count(r => r!.Passed), results.Count,
                Measure(decisive.Select(a => a.GlobalSpearman)), Measure(decisive.Select(a => a.GlobalSpearmanAbsolute)),
                Measure(decisive.Select(a => a.GlobalKendall)), Measure(decisive.Select(a => a.TopKOverlap)),
                decisive.All(a => a.LocalSpearman is not null) ? Measure(decisive.Select(a => a.LocalSpearman!.Value)) : null,
                results.All(r => r!.RetrainedTrainingAuc is not null) ? Measure(results.Select(r => r!.RetrainedTrainingAuc!.Value)) : null,
                [.. results.Select(r => r!)]));
        }
        var decisiveTests = tests.Where(t => t.Test != SanityChecks.IndependentModelRandomization).ToList();
        var meanAbs = decisiveTests.Select(t => (t.Test, Value: MeanAbsolute(t.Spearman.PerSeed))).ToList();
        var passed = decisiveTests.Count > 0 && meanAbs.All(m => m.Value is null || m.Value < options.PassThreshold);
        var data = tests.FirstOrDefault(t => t.Test == SanityChecks.DataRandomization);
        var conclusive = data?.RetrainedTrainingAuc?.Mean is { } auc && auc >= options.MinRandomLabelAuc;
        var criterion = $"mean over {runs.Count} seeds of |Spearman ρ| between global importances of the trained and the randomized model < {options.PassThreshold}: "
            + string.Join("; ", meanAbs.Select(m => $"{m.Test} {(m.Value is { } v ? v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "undefined")}"));
        return new ExplainerSanity(explainer.Id, explainer.Kind, explainer.Model, passed ? "pass" : "fail", criterion, conclusive, tests);
    }

    /// <summary>Mean of |ρ| over the seeds where ρ is defined; null when it is defined on none.</summary>
    private static double? MeanAbsolute(IReadOnlyList<double?> values)
    {
        var defined = values.Where(v => v is not null).Select(v => Math.Abs(v!.Value)).ToList();
        return defined.Count == 0 ? null : defined.Average();
    }

    private static SanityMeasure Measure(IEnumerable<double> values)
    {
        var perSeed = values.Select(v => double.IsFinite(v) ? v : (double?)null).ToList();
        var defined = perSeed.Where(v => v is not null).Select(v => v!.Value).ToList();
        double? mean = defined.Count == 0 ? null : defined.Average();
        double? sd = defined.Count < 2 ? null : Math.Sqrt(defined.Sum(v => (v - mean!.Value) * (v - mean.Value)) / (defined.Count - 1));
        return new SanityMeasure(perSeed, mean, sd);
    }
}
