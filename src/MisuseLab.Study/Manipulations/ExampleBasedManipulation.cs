using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// The example-based baseline: instead of a global, local or effect explanation the participant sees real
/// training rows (nearest to the instance, and the highest and lowest by predicted probability) from
/// <see cref="ManipulationContext.Examples"/>. Overview payloads pass through.
/// </summary>
public sealed class ExampleBasedManipulation : IManipulation
{
    public string Name => "example-based";
    public PayloadSource Source => PayloadSource.Examples;
    public bool Deceptive => false;
    public IReadOnlyList<string> Keeps => [Invariants.TrainedModel];

    public IReadOnlyList<string> Breaks =>
    [
        Invariants.Kind, Invariants.GlobalImportances, Invariants.GlobalOrder, Invariants.LocalOutput, Invariants.LocalAdditivity,
        Invariants.LocalContributions, Invariants.EffectGrid, Invariants.EffectShape, Invariants.EffectDirection,
    ];

    public ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        if (payload is not (GlobalPayload or LocalPayload or EffectPayload)) return payload;
        return context.Examples ?? throw new ManipulationException(
            $"The example-based condition replaces a {payload.Kind} payload by the page's examples, but the context has none; build an ExamplesPayload for the page's instance and pass it as ManipulationContext.Examples.");
    }
}
