using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Storage.Export;

/// <summary>
/// One answerable item in page order: a question, or the confidence rating of a forward-simulation trial
/// (<see cref="IsConfidence"/>, item id "&lt;question&gt;:confidence", the web app's storage convention).
/// </summary>
public sealed record DatasetItem(string ItemId, string PageId, int PageIndex, QuestionDefinition Question, bool IsConfidence)
{
    public const string ConfidenceSuffix = ":confidence";

    /// <summary>The question kind as study files spell it, or "confidence".</summary>
    public string Type => IsConfidence ? "confidence" : StudyVocabulary.NameOf(Question.Kind);

    /// <summary>Ratings on a numeric scale: Likert items and trial confidence.</summary>
    public bool IsRating => IsConfidence || Question.Kind == QuestionKind.Likert;

    /// <summary>Items whose answer can be right or wrong.</summary>
    public bool IsKeyed => !IsConfidence && (Question.Key is not null || Question.Kind == QuestionKind.ForwardSimulation);

    public LikertScale? Scale => IsRating ? Question.Scale : null;
}

/// <summary>
/// A participant as exported: pseudonym (never the account), cell and its factor levels, background answers by item,
/// and how long the session took (finished − started, null while in progress).
/// </summary>
public sealed record DatasetParticipant(
    ParticipantRecord Record,
    IReadOnlyDictionary<string, string> Levels,
    IReadOnlyDictionary<string, string> Background)
{
    public string Pseudonym => Record.Pseudonym;
    public string Cell => Record.CellId;
    public bool IsWithdrawn => Record.Status == ParticipantStatus.Withdrawn;

    public double? DurationSeconds => Record.FinishedAt is { } end ? (end - Record.StartedAt).TotalSeconds : null;
}

/// <summary>
/// One stored answer, scored: <see cref="Key"/> is the right answer for this participant (literal, derived from the
/// stimulus they saw, or the trial's server-side key), <see cref="Correct"/> null for unkeyed items.
/// <see cref="SecondsOnPage"/> is the server-measured dwell of the page's submit (null when not submitted).
/// </summary>
public sealed record DatasetResponse(
    DatasetParticipant Participant,
    DatasetItem Item,
    string Value,
    string? Key,
    bool? Correct,
    string? StimulusSha256,
    DateTimeOffset AnsweredAt,
    DateTimeOffset UpdatedAt,
    double? SecondsOnPage,
    string? Code);

public sealed record DatasetEvent(DatasetParticipant Participant, string PageId, string Type, string DetailJson, DateTimeOffset At);

/// <summary>
/// Everything an export or an analysis needs about one study version, read once through the repositories:
/// the frozen definition, participants (withdrawn ones only on request), scored responses, events, the stimuli
/// placed in the version and analysts' free-text codes.
/// </summary>
public sealed record StudyDataset(
    StudyVersionRecord Version,
    StudyDefinition Definition,
    IReadOnlyList<QuestionDefinition> Background,
    IReadOnlyList<DatasetItem> Items,
    IReadOnlyList<DatasetParticipant> Participants,
    IReadOnlyList<DatasetResponse> Responses,
    IReadOnlyList<DatasetEvent> Events,
    IReadOnlyList<StimulusEntry> Stimuli,
    bool IncludesWithdrawn)
{
    public IReadOnlyList<string> Factors => [.. Definition.Conditions.Factors.Select(f => f.Name)];

    public DatasetItem? Item(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);

    /// <summary>Every item of the pages, in page order (confidence right after its trial).</summary>
    public static IReadOnlyList<DatasetItem> ItemsOf(StudyDefinition definition)
    {
        var items = new List<DatasetItem>();
        for (var p = 0; p < definition.Pages.Count; p++)
        {
            var page = definition.Pages[p];
            foreach (var q in page.Questions)
            {
                items.Add(new DatasetItem(q.Id, page.Id, p, q, false));
                if (q.Kind == QuestionKind.ForwardSimulation && q.Scale is not null)
                {
                    items.Add(new DatasetItem(q.Id + DatasetItem.ConfidenceSuffix, page.Id, p, q, true));
                }
            }
        }
        return items;
    }
}
