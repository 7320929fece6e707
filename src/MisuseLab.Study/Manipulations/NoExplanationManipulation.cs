using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>No explanation: global, local and effect payloads become <see cref="NoExplanationPayload"/>; overview and examples pages pass through.</summary>
public sealed class NoExplanationManipulation : IManipulation
{
    public string Name => "none";
    public PayloadSource Source => PayloadSource.None;
    public bool Deceptive => false;
    public IReadOnlyList<string> Keeps => [];

    public IReadOnlyList<string> Breaks =>
    [
        Invariants.Kind, Invariants.GlobalImportances, Invariants.GlobalOrder, Invariants.LocalOutput, Invariants.LocalAdditivity,
        Invariants.LocalContributions, Invariants.EffectGrid, Invariants.EffectShape, Invariants.EffectDirection,
    ];

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload is GlobalPayload or LocalPayload or EffectPayload ? NoExplanationPayload.Instance : payload;
    }
}
