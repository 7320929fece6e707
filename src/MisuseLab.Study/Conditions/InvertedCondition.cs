using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Conditions;

/// <summary>
/// Reverses the importance order while keeping everything a participant could check by arithmetic.
/// <list type="bullet">
/// <item>Global: the feature at rank r (canonical order, importance descending) is shown with the importance and
/// interval of rank n−1−r. The multiset of importances is unchanged; with distinct importances Kendall's τ between
/// the real and the shown order is −1.</item>
/// <item>Local: the feature at rank r by |contribution| (the payload's canonical order) is shown with the signed
/// contribution of rank n−1−r. Only the same double values are permuted, and a local payload sums in an order
/// that depends only on the multiset, so Σ contributions, base and output are bit-identical: the shown
/// contributions add up exactly as the real ones do. Feature values stay with their features.</item>
/// <item>Effect: feature f's curve and band are scaled by |I_g| / |I_f|, where g is f's mirror in the real global
/// ranking (<see cref="ConditionContext.RealGlobal"/>). x and density stay (they describe the data, which the
/// participant can check); the direction of every step stays; the curve's magnitude becomes the mirrored
/// feature's, consistent with the inverted global view. Shapes are rescaled rather than swapped because
/// mirrored features generally have different x domains (age vs. relationship).</item>
/// </list>
/// Known limit: each view is inverted on its own terms, so cross-view agreement is not kept — a person's shown
/// local contribution for age need not match the shown age effect at that person's age, and global ties make
/// τ greater than −1. Within every single view, all arithmetic checks still pass.
/// </summary>
public sealed class InvertedCondition : IExplanationCondition
{
    public string Name => "inverted";
    public PayloadSource Source => PayloadSource.RealModel;
    public bool Deceptive => true;

    public IReadOnlyList<string> Keeps =>
    [
        Invariants.Kind, Invariants.GlobalImportances, Invariants.LocalOutput, Invariants.LocalAdditivity,
        Invariants.EffectGrid, Invariants.EffectDirection, Invariants.TrainedModel,
    ];

    public IReadOnlyList<string> Breaks => [Invariants.GlobalOrder, Invariants.LocalContributions, Invariants.EffectShape];

    public ExplanationPayload Apply(ExplanationPayload payload, ConditionContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        return payload switch
        {
            GlobalPayload g => Invert(g),
            LocalPayload l => Invert(l),
            EffectPayload e => Invert(e, context.RealGlobal ?? throw new ConditionException(
                $"The inverted condition rescales the effect of '{e.Feature}' to its mirror in the global ranking, but the context has no real global payload; pass the real GlobalPayload of the same explainer as ConditionContext.RealGlobal.")),
            _ => payload,
        };
    }

    private static GlobalPayload Invert(GlobalPayload real)
    {
        var f = real.Features;
        var n = f.Length;
        var shown = new FeatureImportance[n];
        for (var r = 0; r < n; r++)
        {
            var mirror = f[n - 1 - r];
            shown[r] = new FeatureImportance(f[r].Name, mirror.Importance, mirror.Low, mirror.High);
        }
        return new GlobalPayload(real.Explainer, real.Measure, shown);
    }

    private static LocalPayload Invert(LocalPayload real)
    {
        var c = real.Contributions;
        var n = c.Length;
        var shown = new FeatureContribution[n];
        for (var r = 0; r < n; r++)
            shown[r] = new FeatureContribution(c[r].Name, c[r].Value, c[n - 1 - r].Contribution);
        return new LocalPayload(real.Explainer, real.Row, real.Base, real.Output, real.Probability, shown, real.Label);
    }

    private static EffectPayload Invert(EffectPayload real, GlobalPayload global)
    {
        var rank = global.RankOf(real.Feature);
        if (rank < 0)
            throw new ConditionException($"The effect is of feature '{real.Feature}', which the real global payload does not list (it has {string.Join(", ", global.Features.Select(x => x.Name))}); pass the global payload of the same model and explainer.");
        var own = Math.Abs(global.Features[rank].Importance);
        var mirror = Math.Abs(global.Features[global.Features.Length - 1 - rank].Importance);
        if (own == mirror) return real;
        if (own == 0)
            throw new ConditionException($"Feature '{real.Feature}' has global importance 0, so its effect cannot be rescaled to its mirror's importance {mirror:R}; show the effect of a feature with non-zero importance.");
        var k = mirror / own;
        return new EffectPayload(real.Explainer, real.Feature, real.Measure, real.X,
            Scale(real.Y, k), Scale(real.BandLow, k), Scale(real.BandHigh, k), real.Density);
    }

    private static double[] Scale(IReadOnlyList<double> values, double k)
    {
        var scaled = new double[values.Count];
        for (var i = 0; i < scaled.Length; i++) scaled[i] = values[i] * k;
        return scaled;
    }
}
