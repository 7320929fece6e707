using MisuseLab.Platform.Sessions;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Platform.Remedies;

/// <summary>What a locate or remedy form stores (<see cref="Value"/>), or why it stores nothing (<see cref="Error"/>).</summary>
public sealed record TaskAnswer(string? Value, string? Error);

/// <summary>
/// Turns the submitted form of a locate or remedy page into the stored answer, scored: a locate answer with its
/// <see cref="LocateScoring"/> against the version's manifest (<see cref="LocateAnswerJson"/>), a remedy answer as the
/// canonical JSON of its <see cref="RemedyScore"/> for the participant's cell's model — the same bytes
/// <c>misuselab remedy</c> computes and launch stored. Bad input (an unknown column or remedy) is an error and stores nothing.
/// </summary>
public sealed class TaskAnswers(RemedyScores remedies, StudyRuns runs)
{
    public static bool Handles(AnswerItem item) => item.Question.Kind is QuestionKind.Locate or QuestionKind.Remedy;

    public async Task<TaskAnswer> ReadAsync(SessionState session, AnswerItem item, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(item);
        if (item.Question.Kind == QuestionKind.Locate)
        {
            if (TaskForm.ReadLocate(session.CurrentPage, item.ItemId, form, out var error) is not { } answer) return new(null, error);
            var run = await Task.Run(() => runs.Of(session.Participant.StudyVersionId, session.Definition), cancellationToken);
            return new(LocateAnswerJson.Write(answer, LocateScoring.Score(run, answer)), null);
        }
        try
        {
            var score = await remedies.ScoreAsync(session.Study.Version, session.Definition, session.Participant.CellId, TaskForm.ReadChoices(item.ItemId, form), cancellationToken);
            return new(score.ToJson(), null);
        }
        catch (DefectSpecException e)
        {
            return new(null, $"Choose only fixes from the list, each once: {e.Message}");
        }
        catch (RemedyQueueFullException)
        {
            return new(null, "Many people are submitting fixes right now; nothing was saved. Submit again in a moment.");
        }
    }

    /// <summary>
    /// The score to show on the current page: the remedy answer of the page just before it, when that page says
    /// <c>"show_score": true</c>; null otherwise.
    /// </summary>
    public static RemedyScore? ShownScore(SessionState session, IReadOnlyDictionary<string, string> answers)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(answers);
        var index = session.Participant.CurrentPage;
        if (index < 1 || index > session.Definition.Pages.Count - 1) return null;
        var previous = session.Definition.Pages[index - 1];
        return previous is { Kind: PageKind.Remedy, ShowScore: true } && answers.TryGetValue(previous.Id, out var stored)
            ? RemedyScore.FromJson(stored)
            : null;
    }
}
