namespace MisuseLab.Storage.Studies;

/// <summary>Lifecycle of a study version: draft (imported), open (participants may join), paused (no new joins), closed.</summary>
public enum StudyStatus { Draft, Open, Paused, Closed }

/// <summary>A study row: its slug (the study file's id) and the version participants join, if launched.</summary>
public sealed record StudyRecord(long Id, string Slug, string Title, long? CurrentVersionId, DateTimeOffset CreatedAt);

/// <summary>
/// A frozen version of a study: the definition JSON exactly as imported, its <see cref="StudyHash"/>
/// (MisuseLab.Study.Definitions.StudyHash), status, and when it was launched.
/// </summary>
public sealed record StudyVersionRecord(
    long Id,
    long StudyId,
    string Slug,
    string Version,
    string StudyHash,
    string DefinitionJson,
    StudyStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LaunchedAt);

/// <summary>Spellings of <see cref="StudyStatus"/> in the database.</summary>
public static class StudyStatuses
{
    public static string ToDb(StudyStatus status) => status switch
    {
        StudyStatus.Draft => "draft",
        StudyStatus.Open => "open",
        StudyStatus.Paused => "paused",
        StudyStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Expected draft, open, paused or closed."),
    };

    public static StudyStatus FromDb(string value) => value switch
    {
        "draft" => StudyStatus.Draft,
        "open" => StudyStatus.Open,
        "paused" => StudyStatus.Paused,
        "closed" => StudyStatus.Closed,
        _ => throw new StorageException($"study_versions.status: expected draft, open, paused or closed; found '{value}'."),
    };
}

/// <summary>The version now open and current, and the versions its launch closed (open or paused before it).</summary>
public sealed record LaunchOutcome(StudyVersionRecord Launched, IReadOnlyList<StudyVersionRecord> Closed);

/// <summary>A version's sanity report as stored: the study hash it was computed for and the report's JSON, uninterpreted.</summary>
public sealed record StoredSanity(string StudyHash, string ReportJson, DateTimeOffset ComputedAt);
