namespace MisuseLab.Storage.Participants;

/// <summary>
/// ScreenedOut: the study's screening rule ended the session after the background form (no page seen; stored as
/// status 'consented' with <c>screened_out_at</c> set, read back as this status; spelt <c>screened-out</c> in exports).
/// </summary>
public enum ParticipantStatus { Consented, Active, Completed, Withdrawn, Abandoned, Declined, ScreenedOut }

/// <summary>How a participant arrived: open enrolment, a single-use invite code, or a Prolific link (PROLIFIC_PID recorded).</summary>
public enum EntryKind { Open, Invite, Prolific }

/// <summary>
/// A participant of one study version. <see cref="CellId"/> and <see cref="SlotIndex"/> are fixed at enrolment.
/// <see cref="CurrentPage"/> indexes the version's pages. <see cref="EntryCode"/> is the invite code or PROLIFIC_PID.
/// <see cref="Pilot"/>: enrolled with a pilot invite code (0017); <see cref="SlotIndex"/> is then negative (the pilot's own schedule).
/// </summary>
public sealed record ParticipantRecord(
    long Id,
    long StudyId,
    long StudyVersionId,
    long? UserId,
    string Pseudonym,
    string CellId,
    int SlotIndex,
    ParticipantStatus Status,
    EntryKind Entry,
    string? EntryCode,
    int CurrentPage,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? CompletionCode,
    bool Pilot = false)
{
    /// <summary>Consented or active: the session may still change.</summary>
    public bool IsInProgress => Status is ParticipantStatus.Consented or ParticipantStatus.Active;
}

/// <summary>What enrolment needs: the study version, the person, how they arrived, and the page they start on.</summary>
/// <remarks>
/// <see cref="UserId"/> is null for a participant who joins by link (no account); <see cref="LinkTokenHash"/> is then the
/// SHA-256 of their sign-in link, stored in <c>participant_links</c> in the enrolment transaction.
/// </remarks>
public sealed record EnrolmentRequest(long StudyId, long StudyVersionId, long? UserId, EntryKind Entry, string? EntryCode, int FirstPage, string? LinkTokenHash = null);

/// <summary>The enrolled participant; <see cref="Created"/> is false when the person was already enrolled (nothing changed).</summary>
public sealed record EnrolmentResult(ParticipantRecord Participant, bool Created);

/// <summary>An invite code and who used it.</summary>
/// <remarks><see cref="Pilot"/>: a code of a pilot run; whoever enrols with it is a pilot participant.</remarks>
public sealed record InviteCode(string Code, long StudyId, DateTimeOffset CreatedAt, long? UsedBy, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt = null, bool Pilot = false);

/// <summary>Why enrolment was refused.</summary>
public enum EnrolmentRefusal { UnknownInviteCode, InviteCodeUsed, InviteCodeRevoked, PanelIdUsed }

/// <summary>Enrolment was refused; nothing was stored.</summary>
public sealed class EnrolmentRefusedException(EnrolmentRefusal reason, string message) : StorageException(message)
{
    public EnrolmentRefusal Reason { get; } = reason;
}

internal static class ParticipantSpellings
{
    /// <summary>participants.status as records read it: a screened-out row (migration 0014) reads as 'screenedout'.</summary>
    public const string StatusSql = "CASE WHEN screened_out_at IS NULL THEN status ELSE 'screenedout' END";

    /// <summary><see cref="StatusSql"/> for a query that aliases participants as <c>p</c>.</summary>
    public const string StatusSqlP = "CASE WHEN p.screened_out_at IS NULL THEN p.status ELSE 'screenedout' END";

    public static string ToDb(ParticipantStatus s) => s.ToString().ToLowerInvariant();

    public static ParticipantStatus StatusFromDb(string value) =>
        Enum.TryParse<ParticipantStatus>(value, ignoreCase: true, out var s) && s.ToString().Equals(value, StringComparison.OrdinalIgnoreCase)
            ? s : throw new StorageException($"participants.status: unexpected value '{value}'.");

    public static string ToDb(EntryKind e) => e.ToString().ToLowerInvariant();

    public static EntryKind EntryFromDb(string value) =>
        Enum.TryParse<EntryKind>(value, ignoreCase: true, out var e) && e.ToString().Equals(value, StringComparison.OrdinalIgnoreCase)
            ? e : throw new StorageException($"participants.entry: unexpected value '{value}'.");
}
