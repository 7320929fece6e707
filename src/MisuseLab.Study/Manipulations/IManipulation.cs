using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// A condition (manipulation) is a pure function from the payload computed from <see cref="Source"/> to the
/// payload the participant is shown. Overview payloads pass through every condition unchanged; conditions act
/// on global, local and effect payloads. <see cref="Keeps"/> and <see cref="Breaks"/> name invariants from
/// <see cref="Invariants"/>; <see cref="Invariants.Holds"/> checks any of them on an (input, shown) pair.
/// </summary>
public interface IManipulation
{
    /// <summary>The manipulation's name as written in study files ("real", "inverted", …). Never sent to participants.</summary>
    string Name { get; }

    PayloadSource Source { get; }

    /// <summary>True when participants are not told the explanation is manipulated until the debrief; such names must not appear on other pages.</summary>
    bool Deceptive { get; }

    IReadOnlyList<string> Keeps { get; }
    IReadOnlyList<string> Breaks { get; }

    /// <summary>
    /// Strength the manipulation must reach on a cell's global view: Kendall τ-b between the real and the shown
    /// importances of the used features may be at most this; null when the manipulation declares no order strength.
    /// Asserted with <see cref="Breaks"/> on the whole stimulus set by <see cref="StimulusSetChecks"/>.
    /// </summary>
    double? MaxGlobalTau => null;

    ExplanationPayload Apply(ExplanationPayload payload, ManipulationContext context);
}
