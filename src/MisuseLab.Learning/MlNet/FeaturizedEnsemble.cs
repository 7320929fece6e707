using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// An ML.NET model's featurization (its transforms, run by ML.NET) followed by our own ensemble over the slots. It
/// exists for the model-randomization sanity check and the randomized-model condition: ML.NET's trees cannot be
/// changed, so the re-drawn trees live here while the input columns, one-hot encoding and missing-value handling
/// stay ML.NET's. With the original <see cref="MlNetBinaryModel.Ensemble"/> it predicts as the ML.NET model does
/// (log-odds, to float precision).
/// </summary>
public sealed class FeaturizedEnsemble : IBinaryClassifier
{
    public FeaturizedEnsemble(MlNetBinaryModel source, TreeEnsembleModel slots)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Slots = slots ?? throw new ArgumentNullException(nameof(slots));
        if (!slots.Schema.Equals(source.Slots.Schema))
            throw new InvalidModelException("The ensemble's features are not the ML.NET model's feature slots.");
    }

    public MlNetBinaryModel Source { get; }
    public TreeEnsembleModel Slots { get; }
    public FeatureSchema Schema => Source.Schema;

    public double[] PredictRaw(Frame frame) => Slots.PredictRaw(Source.Featurize(frame).Slots);

    public double PredictRaw(ReadOnlySpan<double> row)
    {
        var columns = new double[Schema.Count][];
        for (var j = 0; j < columns.Length; j++) columns[j] = [row[j]];
        return PredictRaw(new Frame(Schema, columns))[0];
    }

    public FeaturizedEnsemble WithTrees(IEnumerable<RegressionTree> trees) => new(Source, Slots.WithTrees(trees));

    /// <summary>Exact TreeSHAP of this ensemble, one-hot slots summed into their input columns.</summary>
    public ILocalAttributions Explain(Frame frame)
    {
        var slots = TreeShap.Explain(Slots, Source.Featurize(frame).Slots);
        return MlNetShapValues.From(slots, Source.Slots, Source.Schema, [.. slots.ModelOutputs], slotLevel: false,
            tolerance: 1e-9, CoverSource.Training, Source.Background?.RowCount ?? 0);
    }
}
