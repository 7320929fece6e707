using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class PermutationImportanceTests
{
    /// <summary>Hides the concrete type, forcing the generic frame-based path.</summary>
    private sealed class Opaque(IBinaryClassifier inner) : IBinaryClassifier
    {
        public FeatureSchema Schema => inner.Schema;
        public double PredictRaw(ReadOnlySpan<double> row) => inner.PredictRaw(row);
        public double[] PredictRaw(Frame frame) => inner.PredictRaw(frame);
    }

    private static (TreeEnsembleModel Model, Frame Frame, bool[] Labels) Setup(int seed, IReadOnlyList<int>? usable = null)
    {
        var random = new Random(seed);
        var schema = RandomEnsembles.Schema(6);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 15, maxDepth: 4, usable);
        var frame = RandomEnsembles.Rows(random, schema, 400);
        var margins = model.PredictRaw(frame);
        var labels = margins.Select(m => random.NextDouble() < Logistic.Sigmoid(3 * m)).ToArray();
        return (model, frame, labels);
    }

    [Fact]
    public void An_unused_feature_has_exactly_zero_importance_for_every_metric_on_both_paths()
    {
        var (model, frame, labels) = Setup(1, usable: [0, 1, 2, 4, 5]);
        foreach (var classifier in (IBinaryClassifier[])[model, new Opaque(model)])
        {
            var result = PermutationImportance.Compute(classifier, frame, labels);
            foreach (var metric in result.Features[3].Metrics)
            {
                Assert.All(metric.Deltas, d => Assert.Equal(0.0, d));
                Assert.Equal(0.0, metric.Mean);
                Assert.Equal(0.0, metric.StandardError);
            }
            Assert.Contains(result.Features, f => f["AUC"].Mean < 0);
        }
    }

    [Fact]
    public void Ensemble_fast_path_equals_full_prediction_of_each_permuted_frame_exactly()
    {
        var (model, frame, labels) = Setup(2);
        var options = new PermutationImportanceOptions { Seed = 42, Repeats = 3 };
        var fast = PermutationImportance.Compute(model, frame, labels, options);
        var generic = PermutationImportance.Compute(new Opaque(model), frame, labels, options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(generic.Baseline, fast.Baseline);
        for (var f = 0; f < frame.ColumnCount; f++)
            for (var m = 0; m < 3; m++)
                Assert.Equal(generic.Features[f].Metrics[m].Deltas, fast.Features[f].Metrics[m].Deltas);
    }

    [Fact]
    public void Statistics_match_an_independent_computation_with_the_tabled_t_quantile()
    {
        var (model, frame, labels) = Setup(3);
        var result = PermutationImportance.Compute(model, frame, labels, new PermutationImportanceOptions { Seed = 5 });
        var baseline = ScoreMetrics.Auc.Compute(labels, model.PredictRaw(frame));
        Assert.Equal(baseline, result.Baseline["AUC"]);
        const int feature = 2;
        var deltas = new double[5];
        for (var r = 0; r < 5; r++)
        {
            var column = frame.CopyColumn(feature);
            var random = SeededRandom.Derive(5, feature, r);
            random.Shuffle(column.AsSpan());
            deltas[r] = ScoreMetrics.Auc.Compute(labels, model.PredictRaw(frame.WithColumn(feature, column))) - baseline;
        }
        var auc = result.Features[feature]["AUC"];
        Assert.Equal(deltas, auc.Deltas);
        var mean = deltas.Average();
        var sd = Math.Sqrt(deltas.Sum(d => (d - mean) * (d - mean)) / 4);
        Assert.Equal(mean, auc.Mean, 15);
        Assert.Equal(sd, auc.StandardDeviation, 15);
        Assert.Equal(sd / Math.Sqrt(5), auc.StandardError, 15);
        const double t = 2.7764451051977934; // R: qt(0.975, df = 4)
        Assert.Equal(mean + t * sd / Math.Sqrt(5), auc.Upper, 12);
        Assert.Equal(mean - t * sd / Math.Sqrt(5), auc.Lower, 12);
    }

    [Fact]
    public void Results_depend_on_the_seed_only_not_on_thread_count()
    {
        var (model, frame, labels) = Setup(4);
        var a = PermutationImportance.Compute(model, frame, labels, new PermutationImportanceOptions { Seed = 9, MaxDegreeOfParallelism = 1 });
        var b = PermutationImportance.Compute(model, frame, labels, new PermutationImportanceOptions { Seed = 9 });
        var c = PermutationImportance.Compute(model, frame, labels, new PermutationImportanceOptions { Seed = 10 });
        for (var f = 0; f < frame.ColumnCount; f++)
            Assert.Equal(a.Features[f]["LogLoss"].Deltas, b.Features[f]["LogLoss"].Deltas);
        Assert.Contains(Enumerable.Range(0, frame.ColumnCount), f => !a.Features[f]["LogLoss"].Deltas.SequenceEqual(c.Features[f]["LogLoss"].Deltas));
    }

    [Fact]
    public void Options_report_every_bad_argument_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new PermutationImportanceOptions { Repeats = 1, ConfidenceLevel = 1.5 }.Validate());
        Assert.Contains("Repeats", e.Message);
        Assert.Contains("ConfidenceLevel", e.Message);
        var (model, frame, _) = Setup(5);
        Assert.Throws<DataFormatException>(() => PermutationImportance.Compute(model, frame, new bool[3]));
    }
}
