using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Pipeline;

/// <summary>
/// Trains the model a study file describes; hyperparameter names are those of <see cref="ModelKinds"/>. The one place
/// that knows which trainer each kind means: study builds, sanity checks and <c>misuselab train</c> all come here.
/// </summary>
public static class ModelFactory
{
    /// <param name="progress">Receives the number of trees built so far (gbdt only; the other trainers do not report progress).</param>
    public static IBinaryClassifier Train(ModelDefinition definition, Frame features, bool[] labels, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var h = definition.Hyperparameters;
        return definition.Kind switch
        {
            ModelKinds.Gbdt => new GbdtTrainer(GbdtOptionsFrom(h)).Train(features, labels, progress),
            ModelKinds.Ebm => new EbmTrainer(EbmOptionsFrom(h)).Fit(features, labels),
            ModelKinds.FastTree => new FastTreePipeline(FastTreeOptionsFrom(h)).Train(features, labels),
            _ => throw UnknownKind(definition),
        };
    }

    /// <summary>Checks the definition's options before any data is read; throws <see cref="ArgumentException"/> naming every bad one.</summary>
    public static void Validate(ModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var h = definition.Hyperparameters;
        switch (definition.Kind)
        {
            case ModelKinds.Gbdt: GbdtOptionsFrom(h).Validate(); break;
            case ModelKinds.Ebm: EbmOptionsFrom(h).Validate(); break;
            case ModelKinds.FastTree: FastTreeOptionsFrom(h).Validate(); break;
            default: throw UnknownKind(definition);
        }
    }

    private static StudyPipelineException UnknownKind(ModelDefinition definition) =>
        new($"Model '{definition.Id}': expected kind {ModelKinds.Gbdt}, {ModelKinds.Ebm} or {ModelKinds.FastTree}; found '{definition.Kind}'.");

    public static FastTreeOptions FastTreeOptionsFrom(IReadOnlyDictionary<string, double> h)
    {
        var defaults = new FastTreeOptions();
        return new FastTreeOptions
        {
            NumberOfTrees = Int(h, "trees", defaults.NumberOfTrees),
            NumberOfLeaves = Int(h, "leaves", defaults.NumberOfLeaves),
            LearningRate = Double(h, "learning_rate", defaults.LearningRate),
            MinimumExampleCountPerLeaf = Int(h, "min_leaf_rows", defaults.MinimumExampleCountPerLeaf),
            MaximumBinCountPerFeature = Int(h, "max_bins", defaults.MaximumBinCountPerFeature),
            Seed = Int(h, "seed", defaults.Seed),
            Threads = Int(h, "threads", defaults.Threads),
        };
    }

    public static GbdtOptions GbdtOptionsFrom(IReadOnlyDictionary<string, double> h)
    {
        var defaults = new GbdtOptions();
        return new GbdtOptions
        {
            NumberOfTrees = Int(h, "trees", defaults.NumberOfTrees),
            NumberOfLeaves = Int(h, "leaves", defaults.NumberOfLeaves),
            MinimumExampleCountPerLeaf = Int(h, "min_leaf_rows", defaults.MinimumExampleCountPerLeaf),
            LearningRate = Double(h, "learning_rate", defaults.LearningRate),
            L2Regularization = Double(h, "lambda", defaults.L2Regularization),
            RowSubsampleFraction = Double(h, "subsample", defaults.RowSubsampleFraction),
            FeatureFraction = Double(h, "feature_fraction", defaults.FeatureFraction),
            MaximumBinCountPerFeature = Int(h, "max_bins", defaults.MaximumBinCountPerFeature),
            Seed = Int(h, "seed", defaults.Seed),
        };
    }

    public static EbmOptions EbmOptionsFrom(IReadOnlyDictionary<string, double> h)
    {
        var defaults = new EbmOptions();
        return new EbmOptions
        {
            MaxRounds = Int(h, "max_rounds", defaults.MaxRounds),
            LearningRate = Double(h, "learning_rate", defaults.LearningRate),
            MaxLeaves = Int(h, "max_leaves", defaults.MaxLeaves),
            MaxBins = Int(h, "max_bins", defaults.MaxBins),
            OuterBags = Int(h, "outer_bags", defaults.OuterBags),
            EarlyStoppingRounds = Int(h, "early_stopping_rounds", defaults.EarlyStoppingRounds),
            ValidationFraction = Double(h, "validation_fraction", defaults.ValidationFraction),
            EarlyStoppingTolerance = Double(h, "early_stopping_tolerance", defaults.EarlyStoppingTolerance),
            MinSamplesLeaf = Int(h, "min_samples_leaf", defaults.MinSamplesLeaf),
            CategoricalSmoothing = Double(h, "categorical_smoothing", defaults.CategoricalSmoothing),
            Seed = Int(h, "seed", defaults.Seed),
        };
    }

    private static int Int(IReadOnlyDictionary<string, double> h, string name, int fallback) =>
        h.TryGetValue(name, out var v) ? checked((int)v) : fallback;

    private static double Double(IReadOnlyDictionary<string, double> h, string name, double fallback) =>
        h.TryGetValue(name, out var v) ? v : fallback;
}
