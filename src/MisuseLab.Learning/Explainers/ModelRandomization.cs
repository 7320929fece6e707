using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// The fully randomized model of the model-randomization sanity check, for callers that show its explanations
/// (the randomized-model study condition): every leaf value (or term score) re-drawn exactly as the last step of
/// <see cref="SanityChecks"/>' cascade does, so a study's "randomized model" is the one the sanity check judged.
/// </summary>
public static class ModelRandomization
{
    public static IBinaryClassifier Randomize(IBinaryClassifier model, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        switch (model)
        {
            case TreeEnsembleModel ensemble:
            {
                var scale = SanityChecks.LeafScale(ensemble);
                return ensemble.WithTrees(ensemble.Trees.Select((t, i) => SanityChecks.RedrawLeaves(t, seed, i, scale)));
            }
            case MlNetBinaryModel mlnet:
                return new FeaturizedEnsemble(mlnet, (TreeEnsembleModel)Randomize(mlnet.Ensemble, seed));
            case FeaturizedEnsemble featurized:
                return new FeaturizedEnsemble(featurized.Source, (TreeEnsembleModel)Randomize(featurized.Slots, seed));
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
