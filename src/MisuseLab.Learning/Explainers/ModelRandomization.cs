using MisuseLab.Learning.Data;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// The fully randomized model of the model-randomization sanity check, for callers that show its explanations
/// (the randomized-model study condition): every tree's splits and leaf values (or every term score) re-drawn by the
/// same procedure as the last step of <see cref="SanityChecks"/>' cascade, so a study's "randomized model" is the kind
/// of model the sanity check judged. <paramref name="reference"/>: the rows the splits are drawn from.
/// </summary>
public static class ModelRandomization
{
    public static IBinaryClassifier Randomize(IBinaryClassifier model, Frame reference, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        switch (model)
        {
            case TreeEnsembleModel ensemble:
            {
                var scale = SanityChecks.LeafScale(ensemble);
                return ensemble.WithTrees(ensemble.Trees.Select((t, i) => TreeRedraw.Redraw(t, reference, seed, i, scale)));
            }
            case MlNetBinaryModel mlnet:
                return new FeaturizedEnsemble(mlnet, (TreeEnsembleModel)Randomize(mlnet.Ensemble, mlnet.Featurize(reference).Slots, seed));
            case FeaturizedEnsemble featurized:
                return new FeaturizedEnsemble(featurized.Source, (TreeEnsembleModel)Randomize(featurized.Slots, featurized.Source.Featurize(reference).Slots, seed));
            case EbmModel ebm:
            {
                var all = ebm.TermScores.SelectMany(s => s).ToArray();
                var scale = all.Length == 0 ? 0 : Math.Sqrt(all.Sum(v => v * v) / all.Length);
                return ebm.WithTermScores(ebm.TermScores.Select((s, f) => (IEnumerable<double>)SanityChecks.RedrawScores(s.Length, seed, f, scale)), ebm.Intercept);
            }
            default:
                throw new ArgumentException($"Expected a tree ensemble or an EBM to randomize; found {model.GetType().Name}.", nameof(model));
        }
    }
}
