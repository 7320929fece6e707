using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Dataset;

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

    /// <summary>Enrolled with a pilot invite code (a pilot run, not data); present only when the dataset includes pilots.</summary>
    public bool IsPilot => Record.Pilot;

    /// <summary>Ended by the study's screening rule: exported and counted, never analysed.</summary>
    public bool IsScreenedOut => Record.Status == ParticipantStatus.ScreenedOut;

    /// <summary>The status as exports spell it (<c>screened-out</c> for <see cref="ParticipantStatus.ScreenedOut"/>).</summary>
    public string StatusName => IsScreenedOut ? "screened-out" : Record.Status.ToString().ToLowerInvariant();

    public double? DurationSeconds => Record.FinishedAt is { } end ? (end - Record.StartedAt).TotalSeconds : null;
}

/// <summary>
/// One stored answer, scored: <see cref="Key"/> is the right answer for this participant (literal, derived from the
/// stimulus they saw, or the trial's server-side key), <see cref="Correct"/> null for unkeyed items.
/// <see cref="SecondsOnPage"/> is the server-measured dwell of the page's submit (null when not submitted).
/// </summary>
public sealed record DatasetResponse(
    DatasetParticipant Participant,
    AnswerItem Item,
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
    IReadOnlyList<AnswerItem> Items,
    IReadOnlyList<DatasetParticipant> Participants,
    IReadOnlyList<DatasetResponse> Responses,
    IReadOnlyList<DatasetEvent> Events,
    IReadOnlyList<StimulusEntry> Stimuli,
    bool IncludesWithdrawn,
    StoredSanity? Sanity = null)
{
    public IReadOnlyList<string> Factors => [.. Definition.Conditions.Factors.Select(f => f.Name)];

    /// <summary>Blind coders' codes of free-text answers, one per answer and coder (see Coding/CoderAgreement).</summary>
    public IReadOnlyList<Storage.Coding.CoderCode> CoderCodes { get; init; } = [];

    /// <summary>Whether pilot participants were kept (<see cref="DatasetOptions.IncludePilot"/>); by default they are left out.</summary>
    public bool IncludesPilot { get; init; }

    public AnswerItem? Item(string itemId) => Items.FirstOrDefault(i => i.ItemId == itemId);
}
