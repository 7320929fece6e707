using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// The design card's income classifier: an ML.NET pipeline over the frame's columns as they are (the study's data
/// after defects). Categorical columns (given as text) are one-hot encoded, in place, with ML.NET's
/// <c>OneHotEncoding</c>; numeric columns have missing values replaced by their training mean
/// (<c>ReplaceMissingValues</c>, Mean); all are concatenated in frame order into <c>Features</c> and fed to
/// <c>FastTreeBinaryTrainer</c>.
/// </summary>
/// <remarks>
/// Missing values, stated once: a missing category is presented as the empty string, which ML.NET's key mapping
/// treats as missing, so its one-hot slots are all zero — the same as a category never seen in training. A missing
/// number becomes the training mean of its column before the trees see it, so no NaN ever reaches FastTree (whose
/// handling of NaN differs between training and prediction). Both steps are part of the saved model.
/// </remarks>
public sealed class FastTreePipeline(FastTreeOptions? options = null)
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    public FastTreeOptions Options { get; } = options ?? new FastTreeOptions();

    public MlNetBinaryModel Train(Frame features, bool[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        Options.Validate();
        if (labels.Length != features.RowCount)
            throw new DataFormatException($"Expected one label per row ({features.RowCount}); found {labels.Length}.");
        if (features.Schema.TryIndexOf(LabelColumn, out _) || features.Schema.TryIndexOf(FeaturesColumn, out _))
            throw new DataFormatException($"The pipeline uses the column names '{LabelColumn}' and '{FeaturesColumn}' itself; rename the frame's feature of that name.");

        var context = new MLContext(Options.Seed);
        var columns = FrameDataView.DefaultColumns(features.Schema);
        var data = new FrameDataView(features, columns, labels, LabelColumn);
        var categorical = features.Schema.Where(f => f.IsCategorical).Select(f => new InputOutputColumnPair(f.Name, f.Name)).ToArray();
        var numeric = features.Schema.Where(f => !f.IsCategorical).Select(f => new InputOutputColumnPair(f.Name, f.Name)).ToArray();

        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (categorical.Length > 0) pipeline = pipeline.Append(context.Transforms.Categorical.OneHotEncoding(categorical));
        if (numeric.Length > 0) pipeline = pipeline.Append(context.Transforms.ReplaceMissingValues(numeric, MissingValueReplacingEstimator.ReplacementMode.Mean));
        pipeline = pipeline
            .Append(context.Transforms.Concatenate(FeaturesColumn, [.. features.Schema.Select(f => f.Name)]))
            .Append(context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = LabelColumn,
                FeatureColumnName = FeaturesColumn,
                NumberOfTrees = Options.NumberOfTrees,
                NumberOfLeaves = Options.NumberOfLeaves,
                LearningRate = Options.LearningRate,
                MinimumExampleCountPerLeaf = Options.MinimumExampleCountPerLeaf,
                MaximumBinCountPerFeature = Options.MaximumBinCountPerFeature,
                Seed = Options.Seed,
                NumberOfThreads = Options.Threads,
            }));
        var transformer = pipeline.Fit(data);
        return new MlNetBinaryModel(context, transformer, data.Schema, features.Schema, columns, LabelColumn) { Background = features };
    }
}
