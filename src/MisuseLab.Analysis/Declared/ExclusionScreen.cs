using MisuseLab.Analysis.Dataset;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Declared;

/// <summary>Why a participant is left out of the confirmatory analysis; empty <see cref="Reasons"/> means included.</summary>
public sealed record ExclusionDecision(string Pseudonym, string Cell, IReadOnlyList<string> Reasons)
{
    public bool Excluded => Reasons.Count > 0;

    /// <summary>The reasons joined by ';' as participants.csv writes them (empty when included).</summary>
    public string Reason => string.Join(";", Reasons);
}

/// <summary>How many participants of a cell one reason excludes (a participant with two reasons counts under both).</summary>
public sealed record ExclusionCount(string Reason, string Cell, int Participants);

/// <summary>
/// Applies a study's declared <see cref="ExclusionRules"/> to every participant of a dataset. Reasons, in this order:
/// <see cref="Incomplete"/> (the session did not finish: in progress, or withdrawn when the dataset holds withdrawals),
/// <see cref="FailedCatch"/> (a wrong answer to an attention item; an unanswered one is not a failure),
/// <see cref="TooFast"/> (the server-measured dwell on some page with questions below the declared minimum; pages
/// without a measured dwell do not count), <see cref="IdenticalOrGibberish"/> (the participant's open answers on the
/// pages are all identical or one is gibberish, <see cref="OpenAnswerScreen"/>). <see cref="ScreenedOut"/> applies whatever the rules: the study's screening
/// rule ended the session before any page, so the person is never analysed.
/// </summary>
public static class ExclusionScreen
{
    public const string Incomplete = "incomplete";
    public const string FailedCatch = "failed-catch";
    public const string TooFast = "too-fast";
    public const string IdenticalOrGibberish = "identical-or-gibberish";
    public const string ScreenedOut = "screened-out";

    public static IReadOnlyList<string> Reasons { get; } = [Incomplete, FailedCatch, TooFast, IdenticalOrGibberish, ScreenedOut];

    /// <summary>One decision per participant of <paramref name="data"/>, keyed by participant record id.</summary>
    public static IReadOnlyDictionary<long, ExclusionDecision> Apply(StudyDataset data, ExclusionRules rules)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rules);
        var responses = data.Responses.ToLookup(r => r.Participant.Record.Id);
        var result = new Dictionary<long, ExclusionDecision>();
        foreach (var p in data.Participants)
        {
            var reasons = new List<string>();
            var answers = responses[p.Record.Id].ToList();
            if (rules.IncompleteSessions && p.Record.Status != ParticipantStatus.Completed && !p.IsScreenedOut) reasons.Add(Incomplete);
            if (rules.FailedCatch && answers.Any(r => !r.Item.IsConfidence && OutcomeResolver.IsAttention(r.Item.Question) && r.Correct == false))
                reasons.Add(FailedCatch);
            if (rules.MinSecondsPerPage is { } min && answers.Any(r => r.SecondsOnPage is { } s && s < min)) reasons.Add(TooFast);
            if (rules.IdenticalOrGibberishOpenAnswers
                && OpenAnswerScreen.Excludes(answers.Where(r => r.Item.Question.Kind == QuestionKind.Text && r.Item.PageIndex >= 0).Select(r => r.Value)))
                reasons.Add(IdenticalOrGibberish);
            if (p.IsScreenedOut) reasons.Add(ScreenedOut);
            result[p.Record.Id] = new ExclusionDecision(p.Pseudonym, p.Cell, reasons);
        }
        return result;
    }

    /// <summary>Counts per reason per cell, every reason × cell listed (zeros included) in <see cref="Reasons"/> × cell order.</summary>
    public static IReadOnlyList<ExclusionCount> Count(IEnumerable<ExclusionDecision> decisions, IReadOnlyList<string> cells)
    {
        var list = decisions.ToList();
        return [.. Reasons.SelectMany(reason => cells.Select(cell =>
            new ExclusionCount(reason, cell, list.Count(d => d.Cell == cell && d.Reasons.Contains(reason)))))];
    }
}
