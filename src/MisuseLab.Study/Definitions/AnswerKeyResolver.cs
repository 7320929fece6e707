using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// The right answer to a question given what the participant saw, so scoring follows the stimulus rather than the
/// truth about the model: under an inverted condition "the most important feature according to the explanation"
/// is the shown one.
/// </summary>
public static class AnswerKeyResolver
{
    /// <summary>
    /// The key as an answer string (an option's text, "yes"/"no"), or null when the question has no key or the shown
    /// payload cannot key it (e.g. "shown-top-feature" when no global explanation was shown). Forward-simulation
    /// trials are keyed by <see cref="ForwardSimulation"/>.
    /// </summary>
    public static string? Resolve(QuestionDefinition question, ExplanationPayload? shown)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Key is null) return null;
        if (question.Key.Literal is not null) return question.Key.Literal;
        return question.Key.Derived switch
        {
            DerivedKey.ShownTopFeature => shown is GlobalPayload g ? g.Features[0].Name : null,
            DerivedKey.ShownEffectRises => shown is EffectPayload e ? (e.Y[^1] > e.Y[0] ? "yes" : "no") : null,
            DerivedKey.ShownEffectSpike => shown is EffectPayload s ? EffectSpike.Key(s, question.Options) : null,
            DerivedKey.ShownRank => shown is GlobalPayload r ? Ranked(r, question.Key.Rank) : null,
            _ => null,
        };
    }

    /// <summary>The shown feature at 1-based <paramref name="rank"/>, or null when the view lists fewer features.</summary>
    private static string? Ranked(GlobalPayload global, int rank) =>
        rank >= 1 && rank <= global.Features.Length ? global.Features[rank - 1].Name : null;

    /// <summary>"a" or "b": the person the model gives the higher probability; null for a tie (the builder never draws one when min_probability_gap &gt; 0).</summary>
    public static string? ForwardSimulation(double probabilityA, double probabilityB) =>
        probabilityA > probabilityB ? "a" : probabilityB > probabilityA ? "b" : null;
}
