using MisuseLab.Learning.Data;
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

/// <summary>TreeSHAP: local φ and global mean |φ|.</summary>
public sealed class TreeShapExplainer : IAttributionExplainer
{
    public string Name => "TreeSHAP";
    public bool Supports(IBinaryClassifier model) => model is TreeEnsembleModel;

    public ExplainerOutput Explain(IBinaryClassifier model, Frame frame, bool[] labels)
    {
        var ensemble = model as TreeEnsembleModel ?? throw new ArgumentException($"TreeSHAP explains tree ensembles; found a {model.GetType().Name}.", nameof(model));
        var shap = TreeShap.Explain(ensemble, frame);
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
