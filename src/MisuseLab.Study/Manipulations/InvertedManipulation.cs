using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// Reverses the importance order with ONE feature mapping π for the whole stimulus set of a cell
/// (<see cref="FeatureMapping.ReverseRank"/> of the real global payload, <see cref="ManipulationContext.RealGlobal"/>):
/// <list type="bullet">
/// <item>Global: feature f is shown with π(f)'s importance and interval. The multiset of importances is unchanged;
/// Kendall's τ between the real and shown order over the used features is −1 with distinct importances.</item>
/// <item>Local: feature f is shown with π(f)'s signed contribution for the same person. The contributions are the
/// same doubles permuted, and a local payload sums in an order that depends only on the multiset, so Σ
/// contributions, base and output are bit-identical. Feature values stay with their features. Because the global
/// view is mean |local| over the global sample, the shown mean |local| of f over that sample is π(f)'s real
/// importance — exactly the shown global importance of f (asserted at build time by <see cref="StimulusSetChecks"/>).</item>
/// <item>Effect: f's curve and band are scaled by I_π(f) / I_f, so the curve has π(f)'s magnitude on f's own x axis
/// and density (which describe the data, and which the participant can check). π(f)'s curve itself cannot be
/// drawn over f's axis (age vs. relationship), so the shape stays f's and every step keeps its direction.</item>
/// </list>
/// Known limit (written up in studies/README.md): for an additive model the shown local contribution of f is π(f)'s
/// shape function at π(f)'s value, not f's curve at f's value, so a participant who reads a person's value off the
/// shown shape function can notice the mismatch. Global/local/sum consistency holds exactly.
/// </summary>
public sealed class InvertedManipulation : IManipulation
{
    /// <summary>The strength the manipulation must reach: τ-b between real and shown global importance over the used features.</summary>
    public const double RequiredTau = -0.9;

    public string Name => "inverted";
    public PayloadSource Source => PayloadSource.RealModel;
    public bool Deceptive => true;

    public IReadOnlyList<string> Keeps =>
    [
        Invariants.Kind, Invariants.GlobalImportances, Invariants.LocalOutput, Invariants.LocalAdditivity,
        Invariants.EffectGrid, Invariants.EffectDirection, Invariants.TrainedModel, Invariants.GlobalIsMeanAbsoluteLocal,
    ];

    public IReadOnlyList<string> Breaks => [Invariants.GlobalOrder, Invariants.LocalContributions];

    public double? MaxGlobalTau => RequiredTau;

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        return payload switch
        {
            GlobalPayload g => Invert(g, FeatureMapping.ReverseRank(context.RealGlobal ?? g)),
            LocalPayload l => Invert(l, Mapping(context, $"local explanation of row {l.Row}")),
            EffectPayload e => Invert(e, context.RealGlobal!, Mapping(context, $"effect of '{e.Feature}'")),
            _ => payload,
        };
    }

    private static FeatureMapping Mapping(ManipulationContext context, string what) =>
        FeatureMapping.ReverseRank(context.RealGlobal ?? throw new ManipulationException(
            $"The inverted condition shows the {what} through the cell's one feature mapping, which is read off the real global ranking, but the context has none; pass the real GlobalPayload of the same explainer as ManipulationContext.RealGlobal."));

    private static GlobalPayload Invert(GlobalPayload real, FeatureMapping pi)
    {
        var shown = real.Features.Select(f =>
        {
            var source = real.Find(pi.SourceOf(f.Name)) ?? throw new ManipulationException(
                $"The mapping sends '{f.Name}' to '{pi.SourceOf(f.Name)}', which this global payload does not list; pass the real global payload of the same explainer.");
            return new FeatureImportance(f.Name, source.Importance, source.Low, source.High);
        });
        return new GlobalPayload(real.Explainer, real.Measure, shown);
    }

    private static LocalPayload Invert(LocalPayload real, FeatureMapping pi)
    {
        var shown = real.Contributions.Select(c =>
        {
            var source = real.Find(pi.SourceOf(c.Name)) ?? throw new ManipulationException(
                $"Row {real.Row}: the mapping sends '{c.Name}' to '{pi.SourceOf(c.Name)}', which this local payload does not list; the local and global payloads must explain the same features.");
            return new FeatureContribution(c.Name, c.Value, source.Contribution);
        });
        return new LocalPayload(real.Explainer, real.Row, real.Base, real.Output, real.Probability, shown, real.Label);
    }

    private static EffectPayload Invert(EffectPayload real, GlobalPayload global, FeatureMapping pi)
    {
        if (!pi.Contains(real.Feature))
            throw new ManipulationException($"The effect is of feature '{real.Feature}', which the real global payload does not list (it has {string.Join(", ", global.Features.Select(x => x.Name))}); pass the global payload of the same model and explainer.");
        var own = global.Find(real.Feature)!.Importance;
        var mirror = global.Find(pi.SourceOf(real.Feature))!.Importance;
        // A flat feature is its own image (FeatureMapping.ReverseRank), so own = 0 never meets mirror ≠ 0 here.
        if (own == mirror) return real;
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
