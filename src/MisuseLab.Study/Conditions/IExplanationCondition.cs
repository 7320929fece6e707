using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Conditions;

/// <summary>
/// A condition (manipulation) is a pure function from the payload computed from <see cref="Source"/> to the
/// payload the participant is shown. Overview payloads pass through every condition unchanged; conditions act
/// on global, local and effect payloads. <see cref="Keeps"/> and <see cref="Breaks"/> name invariants from
/// <see cref="Invariants"/>; <see cref="Invariants.Holds"/> checks any of them on an (input, shown) pair.
/// </summary>
public interface IExplanationCondition
{
    /// <summary>The manipulation's name as written in study files ("real", "inverted", …). Never sent to participants.</summary>
    string Name { get; }

    PayloadSource Source { get; }

    /// <summary>True when participants are not told the explanation is manipulated until the debrief; such names must not appear on other pages.</summary>
    bool Deceptive { get; }

    IReadOnlyList<string> Keeps { get; }
    IReadOnlyList<string> Breaks { get; }

    ExplanationPayload Apply(ExplanationPayload payload, ConditionContext context);
}
