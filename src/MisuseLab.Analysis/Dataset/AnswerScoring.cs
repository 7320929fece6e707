using MisuseLab.Study.Definitions;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Analysis.Dataset;

/// <summary>
/// The right answer for one participant's item, from what they saw: literal keys as written, derived keys resolved
/// against the stimulus of the page (<see cref="AnswerKeyResolver"/>), forward-simulation keys from the trial
/// stimulus' server-side <see cref="Stimulus.Key"/>.
/// </summary>
public static class AnswerScoring
{
    /// <summary>The key, or null when the item has none or the stimulus needed to derive it is missing.</summary>
    public static string? KeyFor(AnswerItem item, Stimulus? stimulus)
    {
        if (!item.IsKeyed) return null;
        if (item.Question.Kind == QuestionKind.ForwardSimulation) return stimulus?.Key;
        return AnswerKeyResolver.Resolve(item.Question, stimulus?.Payload);
    }

    /// <summary>Ordinal comparison: stored answers are in the one normal form the participant pages write.</summary>
    public static bool? IsCorrect(string value, string? key) => key is null ? null : string.Equals(value, key, StringComparison.Ordinal);
}
