using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>Applies a condition and asserts, where the shown payload is produced, every invariant the condition declares it keeps.</summary>
public static class ManipulationRunner
{
    /// <summary>Applies <paramref name="condition"/> with an empty context (enough for every condition except inverted effects and example-based).</summary>
    public static ExplanationPayload Apply(this IManipulation condition, ExplanationPayload payload) =>
        condition.Apply(payload, ManipulationContext.Empty);

    /// <summary>
    /// Applies <paramref name="condition"/> and checks each of its <see cref="IManipulation.Keeps"/>;
    /// throws <see cref="ManipulationException"/> naming the first broken invariant and both payloads' JSON.
    /// </summary>
    public static ExplanationPayload ApplyChecked(this IManipulation condition, ExplanationPayload payload, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var shown = condition.Apply(payload, context);
        foreach (var invariant in condition.Keeps.Except(Invariants.SetLevel))
        {
            if (!Invariants.Holds(invariant, condition, payload, shown))
                throw new ManipulationException(
                    $"Condition '{condition.Name}' declares it keeps '{invariant}', but the shown payload breaks it. Input: {payload.ToCanonicalJson()} Shown: {shown.ToCanonicalJson()}. This is a bug in the condition; report it with both payloads.");
        }
        return shown;
    }
}
