using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Conditions;

/// <summary>Applies a condition and asserts, where the shown payload is produced, every invariant the condition declares it keeps.</summary>
public static class ConditionRunner
{
    /// <summary>Applies <paramref name="condition"/> with an empty context (enough for every condition except inverted effects and example-based).</summary>
    public static ExplanationPayload Apply(this IExplanationCondition condition, ExplanationPayload payload) =>
        condition.Apply(payload, ConditionContext.Empty);

    /// <summary>
    /// Applies <paramref name="condition"/> and checks each of its <see cref="IExplanationCondition.Keeps"/>;
    /// throws <see cref="ConditionException"/> naming the first broken invariant and both payloads' JSON.
    /// </summary>
    public static ExplanationPayload ApplyChecked(this IExplanationCondition condition, ExplanationPayload payload, ConditionContext context)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var shown = condition.Apply(payload, context);
        foreach (var invariant in condition.Keeps.Except(Invariants.SetLevel))
        {
            if (!Invariants.Holds(invariant, condition, payload, shown))
                throw new ConditionException(
                    $"Condition '{condition.Name}' declares it keeps '{invariant}', but the shown payload breaks it. Input: {payload.ToCanonicalJson()} Shown: {shown.ToCanonicalJson()}. This is a bug in the condition; report it with both payloads.");
        }
        return shown;
    }
}
