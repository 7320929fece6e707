using MisuseLab.Learning.Data;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>What an explainer says about a model on some rows: a global importance per feature and, when it has
/// them, local attributions (rows × features).</summary>
public sealed record ExplainerOutput(double[] Global, double[][]? Local);

/// <summary>An explainer as the sanity checks see it: any model in, global (and maybe local) attributions out.</summary>
public interface IAttributionExplainer
{
    string Name { get; }

    bool Supports(IBinaryClassifier model);

    ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels);
}

/// <summary>TreeSHAP: local φ and global mean |φ| (of our ensembles, and of ML.NET tree models in log-odds, per input column).</summary>
public sealed class TreeShapExplainer : IAttributionExplainer
{
    public string Name => "TreeSHAP";
    public bool Supports(IBinaryClassifier model) => model is TreeEnsembleModel or FeaturizedEnsemble || model is MlNetBinaryModel { Predictor.Trees: not null };

    public ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels)
    {
        ILocalAttributions shap = model switch
        {
            TreeEnsembleModel ensemble => TreeShap.Explain(ensemble, frame),
            FeaturizedEnsemble featurized => featurized.Explain(frame),
            MlNetBinaryModel mlnet => MlNetTreeShap.Explain(mlnet, frame, options: new MlNetTreeShapOptions { Target = MlNetShapTarget.LogOdds }),
            _ => throw new ArgumentException($"TreeSHAP explains tree ensembles; found a {model.GetType().Name}.", nameof(model)),
        };
        return new ExplainerOutput(Globals(GlobalImportance.FromAttributions(shap)), Locals(shap));
    }

    internal static double[] Globals(IReadOnlyList<FeatureImportance> importances) => [.. importances.Select(i => i.Importance)];

    internal static double[][] Locals(ILocalAttributions attributions) =>
        [.. Enumerable.Range(0, attributions.RowCount).Select(i => attributions.Row(i).ToArray())];
}

/// <summary>EBM terms: local term scores and global data-weighted mean |term score|.</summary>
public sealed class EbmTermExplainer : IAttributionExplainer
{
    public string Name => "EBM terms";
    public bool Supports(IBinaryClassifier model) => model is EbmModel;

    public ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels)
    {
        var ebm = model as EbmModel ?? throw new ArgumentException($"EBM terms explain EBMs; found a {model.GetType().Name}.", nameof(model));
        var terms = EbmTerms.Explain(ebm, frame);
        return new ExplainerOutput(TreeShapExplainer.Globals(GlobalImportance.FromAttributions(terms)), TreeShapExplainer.Locals(terms));
    }
}

/// <summary>Permutation importance (AUC drop); global only.</summary>
public sealed class PermutationExplainer(PermutationImportanceOptions? options = null) : IAttributionExplainer
{
    public string Name => "Permutation importance";
    public bool Supports(IBinaryClassifier model) => true;

    public ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels) =>
        new(TreeShapExplainer.Globals(GlobalImportance.FromPermutation(PermutationImportance.Compute(model, frame, labels, options))), null);
}

/// <summary>ML.NET's Feature Contribution Calculation (log-odds units, per input column): local contributions and global mean |contribution|.</summary>
public sealed class FccExplainer : IAttributionExplainer
{
    public string Name => "ML.NET FCC";

    /// <summary>Only a model ML.NET itself computes (FCC runs inside ML.NET), so never a re-drawn <see cref="FeaturizedEnsemble"/>.</summary>
    public bool Supports(IBinaryClassifier model) => model is MlNetBinaryModel;

    public ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels)
    {
        var mlnet = model as MlNetBinaryModel ?? throw new ArgumentException($"ML.NET FCC explains ML.NET models; found a {model.GetType().Name}.", nameof(model));
        var fcc = MlNetFeatureContributions.Explain(mlnet, frame, MlNetShapTarget.LogOdds);
        return new ExplainerOutput(TreeShapExplainer.Globals(GlobalImportance.FromAttributions(fcc)), TreeShapExplainer.Locals(fcc));
    }
}
