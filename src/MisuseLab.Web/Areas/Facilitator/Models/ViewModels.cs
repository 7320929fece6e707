using MisuseLab.Study.Pipeline;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Areas.Facilitator.Models;

/// <summary>A version row of the studies list: the version, its cells and the participants per cell and status.</summary>
public sealed record VersionSummary(StudyVersionRecord Version, bool IsCurrent, IReadOnlyList<CellStatusCount> Counts, LaunchJob? Job)
{
    public int Total => Counts.Sum(c => c.Count);
}

public sealed record StudySummary(StudyRecord Study, IReadOnlyList<VersionSummary> Versions);

public sealed record StudiesViewModel(IReadOnlyList<StudySummary> Studies);

public sealed record ImportViewModel(string? Json, string? FileName, IReadOnlyList<StudyError> Errors, string? Problem);

public sealed record VersionViewModel(
    StudyVersionRecord Version,
    StudyDefinition? Definition,
    IReadOnlyList<StudyError> DefinitionErrors,
    bool IsCurrent,
    int StimulusCount,
    LaunchJob? Job,
    IReadOnlyList<CellStatusCount> Counts,
    string? Notice,
    string? Problem,
    StudySanityReport? Sanity = null);

/// <param name="PanelEntryUrl">The signed URL to paste into the panel, when the current version recruits through one and signs in by link.</param>
public sealed record StudyViewModel(StudyRecord Study, IReadOnlyList<VersionSummary> Versions, string? PanelEntryUrl = null)
{
    /// <summary>Who besides admins may see and act on the study (per-study access).</summary>
    public IReadOnlyList<StudyMember> Members { get; init; } = [];

    public string? Notice { get; init; }

    public string? Problem { get; init; }
}

/// <summary>The edit form of a draft: the structured fields and, below, the full JSON.</summary>
public sealed record EditViewModel(
    StudyVersionRecord Version,
    StudyDefinition Definition,
    DraftEditInput Input,
    string Json,
    IReadOnlyList<StudyError> Errors,
    string? Problem);

public sealed class DraftEditInput
{
    public List<CellInput> Cells { get; set; } = [];
    public int BlockSize { get; set; }
    public string EnrolmentMode { get; set; } = "open";
    public int? TargetParticipants { get; set; }
    public string? CompletionUrl { get; set; }

    public static DraftEditInput From(StudyDefinition d) => new()
    {
        Cells = d.Conditions.Cells.Select(c => new CellInput { Id = c.Id, Weight = c.Weight, Manipulation = c.Manipulation }).ToList(),
        BlockSize = d.Assignment.BlockSize,
        EnrolmentMode = d.Enrolment.Mode.ToString().ToLowerInvariant(),
        TargetParticipants = d.Enrolment.TargetParticipants,
        CompletionUrl = d.Enrolment.CompletionUrl,
    };

    public DraftEdit ToEdit() => new(
        Cells.ToDictionary(c => c.Id, c => new CellEdit(c.Weight, c.Manipulation), StringComparer.Ordinal),
        BlockSize, EnrolmentMode, TargetParticipants, CompletionUrl);
}

public sealed class CellInput
{
    public string Id { get; set; } = "";
    public int Weight { get; set; }
    public string Manipulation { get; set; } = "";
}

public sealed record InviteCodeViewModel(StudyRecord Study, StudyDefinition? Current, IReadOnlyList<InviteCodeUse> Codes, IReadOnlyList<string> Created, string? Problem, string? Notice = null)
{
    public int Used => Codes.Count(c => c.UsedAt is not null);
}

public sealed record MonitorViewModel(StudyVersionRecord Version, bool IsCurrent, MonitorSummary Summary, int RefreshSeconds, int? TargetParticipants)
{
    /// <summary>Where the latest pilot run of this version stands, in words; null when none ran since start-up.</summary>
    public string? PilotRun { get; init; }
}

public sealed record AuditViewModel(StudyRecord Study, IReadOnlyList<AuditEntry> Entries, AuditVerification Verification);

/// <summary>The deletion-on-request page: the reference typed, the participant found (awaiting confirmation), a notice or a problem.</summary>
public sealed record ParticipantDeletionViewModel(StudyRecord Study, string? Reference, MisuseLab.Storage.Participants.ParticipantRecord? Found, string? Notice, string? Problem);
