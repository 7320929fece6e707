using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// Negates local contributions and effect curves (band low/high become −high/−low). Base and output stay, so
/// additivity is broken on purpose: Σ shown contributions = −(output − base). Global importances are
/// magnitudes and pass through unchanged.
/// </summary>
public sealed class SignFlippedManipulation : IManipulation
{
    public string Name => "sign-flipped";
    public PayloadSource Source => PayloadSource.RealModel;
    public bool Deceptive => true;

    public IReadOnlyList<string> Keeps =>
        [Invariants.Kind, Invariants.GlobalImportances, Invariants.GlobalOrder, Invariants.LocalOutput, Invariants.EffectGrid, Invariants.TrainedModel];

    public IReadOnlyList<string> Breaks =>
        [Invariants.LocalAdditivity, Invariants.LocalContributions, Invariants.EffectShape, Invariants.EffectDirection];

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload switch
        {
            LocalPayload l => new LocalPayload(l.Explainer, l.Row, l.Base, l.Output, l.Probability,
                l.Contributions.Select(c => new FeatureContribution(c.Name, c.Value, -c.Contribution)), l.Label),
            EffectPayload e => new EffectPayload(e.Explainer, e.Feature, e.Measure, e.X,
                e.Y.Select(y => -y), e.BandHigh.Select(h => -h), e.BandLow.Select(l => -l), e.Density),
            _ => payload,
        };
    }
}
