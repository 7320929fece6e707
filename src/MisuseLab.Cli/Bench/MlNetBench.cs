using Microsoft.ML;
using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Cli.Bench;

/// <summary>ML.NET as a peer (its FastTree pipeline and its PermutationFeatureImportance), and our TreeSHAP on its model.</summary>
internal sealed record MlNetFigures(Timing FastTreeTrain, double FastTreeTestAuc, Timing Pfi, int PfiSlots, Timing TreeShap, int TreeShapRows, double TreeShapAdditivityMaxAbsError)
{
    public double TreeShapRowsPerSecond => TreeShapRows / TreeShap.Best;
}

/// <summary>
/// Times ML.NET in-process with the bench's model settings (trees, leaves, learning rate, rows per leaf, threads):
/// FastTree training of <see cref="FastTreePipeline"/> on the training rows; ML.NET's own
/// <c>PermutationFeatureImportance</c> with the same repeats on the test rows (it permutes every one-hot slot, as its
/// users get it); and our exact TreeSHAP of that model on the test rows (in ML.NET's Score, additivity checked
/// against it, covers from the training rows; featurisation by ML.NET is inside the timing).
/// </summary>
internal static class MlNetBench
{
    public static MlNetFigures Run(AdultData data, BenchSettings settings, Action<string> log)
    {
        var options = ModelFactory.FastTreeOptionsFrom(settings.TreeHyperparameters);
        log($"ML.NET FastTree pipeline training ({settings.Trees} trees, {settings.Leaves} leaves, {settings.Threads} threads)");
        var (train, model) = Timing.Measure(settings.Repeats, () => new FastTreePipeline(options).Train(data.Train.Features, data.Train.Labels));
        var auc = BinaryMetrics.Evaluate(data.Test.Labels, Logistic.Sigmoid(model.PredictRaw(data.Test.Features))).Auc;

        log($"ML.NET PermutationFeatureImportance ({settings.PfiRepeats} permutations, {model.Slots.Count} slots) on {data.Test.RowCount:N0} test rows");
        var transformed = model.Transformer.Transform(model.ToDataView(data.Test.Features, data.Test.Labels));
        var (pfi, _) = Timing.Measure(settings.Repeats, () =>
            model.Context.BinaryClassification.PermutationFeatureImportance(model.Predictor.Transformer, transformed, FastTreePipeline.LabelColumn, permutationCount: settings.PfiRepeats));

        log($"TreeSHAP of the ML.NET model on {data.Test.RowCount:N0} test rows (additivity against ML.NET's Score)");
        var (treeShap, shap) = Timing.Measure(settings.Repeats, () => MlNetTreeShap.Explain(model, data.Test.Features));
        return new MlNetFigures(train, auc, pfi, model.Slots.Count, treeShap, data.Test.RowCount, shap.MaxAdditivityError);
    }
}
