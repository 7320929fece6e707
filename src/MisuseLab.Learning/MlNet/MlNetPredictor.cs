using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// The binary predictor at the end of an ML.NET model, as far as we read it: the features column it scores, its
/// tree ensemble (FastTree, FastForest and LightGbm binary models all keep one in <c>TrainedTreeEnsemble</c>) and
/// its Platt calibrator, when it has one.
/// </summary>
public sealed class MlNetPredictor
{
    private MlNetPredictor(ISingleFeaturePredictionTransformer<object> transformer, string kind, IReadOnlyList<RegressionTreeBase>? trees, PlattCalibrator? platt)
    {
        Transformer = transformer;
        Kind = kind;
        Trees = trees;
        Platt = platt;
    }

    public ISingleFeaturePredictionTransformer<object> Transformer { get; }
    public string FeatureColumnName => Transformer.FeatureColumnName;

    /// <summary>The predictor's type name without its namespace, e.g. FastTreeBinaryModelParameters.</summary>
    public string Kind { get; }

    /// <summary>The ensemble's trees; null when the predictor is not a tree ensemble.</summary>
    public IReadOnlyList<RegressionTreeBase>? Trees { get; }

    /// <summary>Probability = 1 / (1 + exp(Slope·Score + Offset)) when set, so log-odds = −Slope·Score − Offset.</summary>
    public PlattCalibrator? Platt { get; }

    /// <summary>The last transformer of a (possibly nested) chain, which must be a binary prediction transformer.</summary>
    public static MlNetPredictor Find(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var last = model;
        while (last is IEnumerable<ITransformer> chain)
            last = chain.LastOrDefault() ?? throw new InvalidModelException("The ML.NET model is an empty transformer chain; expected one ending in a binary classifier.");
        if (last is not ISingleFeaturePredictionTransformer<object> predictor
            || !last.GetType().IsGenericType || last.GetType().GetGenericTypeDefinition() != typeof(BinaryPredictionTransformer<>))
            throw new InvalidModelException($"Expected the ML.NET model to end in a binary classifier (BinaryPredictionTransformer); found {last.GetType().Name}.");
        var parameters = predictor.Model;
        PlattCalibrator? platt = null;
        if (parameters is CalibratedModelParametersBase calibrated)
        {
            platt = calibrated.Calibrator as PlattCalibrator;
            parameters = calibrated.SubModel;
        }
        IReadOnlyList<RegressionTreeBase>? trees = parameters switch
        {
            TreeEnsembleModelParametersBasedOnRegressionTree r => r.TrainedTreeEnsemble.Trees,
            TreeEnsembleModelParametersBasedOnQuantileRegressionTree q => q.TrainedTreeEnsemble.Trees,
            _ => null,
        };
        return new MlNetPredictor(predictor, parameters.GetType().Name, trees, platt);
    }
}
