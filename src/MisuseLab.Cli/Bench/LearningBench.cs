using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Models;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Cli.Bench;

/// <summary>Our side of the benchmark, in the order the figures are reported.</summary>
internal sealed record LearningFigures(
    Timing GbdtTrain,
    double GbdtTestAuc,
    Timing EbmTrain,
    double EbmTestAuc,
    Timing TreeShap,
    int TreeShapRows,
    double TreeShapAdditivityMaxAbsError,
    Timing Pfi,
    Timing Stimuli,
    int StimulusCount)
{
    public double TreeShapRowsPerSecond => TreeShapRows / TreeShap.Best;
}

/// <summary>
/// Times MisuseLab's learning core on Adult with a Stopwatch harness (<see cref="Timing.Measure"/>). Every
/// trainer and explainer is given <see cref="BenchSettings.Threads"/> threads; data loading is outside the
/// timings on both sides (the peers time from in-memory arrays too), binning is inside (as in xgboost and
/// scikit-learn training).
/// </summary>
internal static class LearningBench
{
    public static LearningFigures Run(AdultData data, string dataDirectory, BenchSettings settings, Action<string> log)
    {
        var train = data.Train;
        var test = data.Test;
        // The study files' gbdt mapping; threads are a bench setting, not a study hyperparameter of our GBDT.
        var gbdtOptions = ModelFactory.GbdtOptionsFrom(settings.TreeHyperparameters) with { MaxDegreeOfParallelism = settings.Threads };

        log($"GBDT training ({settings.Trees} trees, {settings.Leaves} leaves, learning rate {settings.LearningRate}) on {train.RowCount:N0} rows");
        var (gbdtTime, gbdt) = Timing.Measure(settings.Repeats, () => new GbdtTrainer(gbdtOptions).Train(train.Features, train.Labels));
        var gbdtAuc = TestAuc(gbdt, data);

        log("EBM training (default options)");
        var ebmOptions = new EbmOptions { MaxDegreeOfParallelism = settings.Threads };
        var (ebmTime, ebm) = Timing.Measure(settings.Repeats, () => new EbmTrainer(ebmOptions).Fit(train.Features, train.Labels));
        var ebmAuc = TestAuc(ebm, data);

        log($"TreeSHAP of the GBDT on {test.RowCount:N0} test rows (additivity checked on every row)");
        var shapOptions = new TreeShapOptions { MaxDegreeOfParallelism = settings.Threads };
        var (shapTime, shap) = Timing.Measure(settings.Repeats, () => TreeShap.Explain(gbdt, test.Features, shapOptions));

        log($"Permutation importance of the GBDT ({settings.PfiRepeats} repeats, AUC) on {test.RowCount:N0} test rows");
        var pfiOptions = new PermutationImportanceOptions
        {
            Repeats = settings.PfiRepeats,
            Seed = 42,
            // The peer scores AUC only (scoring="roc_auc"); the default options also compute accuracy and log-loss.
            Metrics = [ScoreMetrics.Auc],
            MaxDegreeOfParallelism = settings.Threads,
        };
        var (pfiTime, _) = Timing.Measure(settings.Repeats, () => PermutationImportance.Compute(gbdt, test.Features, test.Labels, pfiOptions));

        log($"Stimulus building of {Path.GetFileName(settings.StudyPath)}");
        var (stimuliTime, built) = Timing.Measure(settings.Repeats, () => StudyBuilder.BuildFile(settings.StudyPath, dataDirectory));

        return new LearningFigures(gbdtTime, gbdtAuc, ebmTime, ebmAuc, shapTime, test.RowCount, shap.MaxAdditivityError,
            pfiTime, stimuliTime, built.Stimuli.Count);
    }

    private static double TestAuc(IBinaryClassifier model, AdultData data) =>
        BinaryMetrics.Evaluate(data.Test.Labels, Logistic.Sigmoid(model.PredictRaw(data.Test.Features))).Auc;

    /// <summary>The first <paramref name="rows"/> rows of each split (a quick run for tests); all rows when null.</summary>
    public static AdultData Truncate(AdultData data, int? rows)
    {
        if (rows is not { } n) return data;
        return data with { Train = Head(data.Train, n), Test = Head(data.Test, n) };

        static AdultSplit Head(AdultSplit split, int n)
        {
            var count = Math.Min(n, split.RowCount);
            var indices = Enumerable.Range(0, count).ToArray();
            return split with { Features = split.Features.SelectRows(indices), Labels = split.Labels[..count] };
        }
    }
}
