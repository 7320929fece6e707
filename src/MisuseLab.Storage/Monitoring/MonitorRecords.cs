using MisuseLab.Storage.Participants;

namespace MisuseLab.Storage.Monitoring;

/// <summary>
/// A participant as the facilitator's monitor sees it: where they are and when they last did anything
/// (<see cref="LastActivityAt"/> = the latest of enrolment, finishing, any event, any answer or background answer).
/// <see cref="Pilot"/>: enrolled with a pilot invite code; the monitor counts pilots apart.
/// </summary>
public sealed record ParticipantActivity(
    long Id,
    string Pseudonym,
    string CellId,
    ParticipantStatus Status,
    int CurrentPage,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset LastActivityAt,
    bool Pilot = false);

/// <summary>How many participants of a version are in a cell with a status.</summary>
public sealed record CellStatusCount(long StudyVersionId, string CellId, ParticipantStatus Status, int Count);

/// <summary>An invite code of a study with who used it (by pseudonym, never by account).</summary>
public sealed record InviteCodeUse(string Code, DateTimeOffset CreatedAt, DateTimeOffset? UsedAt, string? UsedByPseudonym);
