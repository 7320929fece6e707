using MisuseLab.Platform.Audit;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Platform.Lifecycle;

/// <summary>
/// Open, pause and close launched versions. Rules: a draft is opened only by launching it; pausing needs an open
/// version; closing an open or paused one; opening a paused or closed one. At most one version of a study is open or
/// paused, the current one (the one /join admits to): opening another version makes it current and closes the
/// previous one. Pause and close stop new enrolment only; participants already in a session can finish it
/// (their session is bound to their version, and cutting someone off mid-task would waste what they already gave).
/// </summary>
public sealed class StudyLifecycle(StudyRepository studies, StudyAudit audit, TimeProvider clock)
{
    /// <summary>Null when the change was made, otherwise why it was refused (nothing changed).</summary>
    public async Task<string?> ChangeAsync(StudyVersionRecord version, StudyStatus target, string actor, CancellationToken cancellationToken)
    {
        if (version.LaunchedAt is null)
        {
            return $"Version {version.Version} is a draft: launch it to open it.";
        }
        var refusal = (version.Status, target) switch
        {
            (StudyStatus.Open, StudyStatus.Paused) or (StudyStatus.Open, StudyStatus.Closed) or (StudyStatus.Paused, StudyStatus.Closed)
                or (StudyStatus.Paused, StudyStatus.Open) or (StudyStatus.Closed, StudyStatus.Open) => null,
            _ => $"Version {version.Version} is {StudyStatuses.ToDb(version.Status)}; it cannot be set to {StudyStatuses.ToDb(target)}.",
        };
        if (refusal is not null) return refusal;

        var action = target switch { StudyStatus.Open => "study.opened", StudyStatus.Paused => "study.paused", _ => "study.closed" };
        var changed = StudyAudit.Record(actor, action, StudyAudit.VersionEntity(version.Slug, version.Id),
            new { version = version.Version, from = StudyStatuses.ToDb(version.Status) });
        // The entries commit with the change they record.
        if (target == StudyStatus.Open)
        {
            // LaunchAsync keeps launched_at, makes the version current and closes the previous one in one transaction.
            await studies.LaunchAsync(version.Id, clock.GetUtcNow(), audit.InTransaction<LaunchOutcome>(outcome =>
                outcome.Closed.Select(closed => StudyAudit.Record(actor, "study.closed", StudyAudit.VersionEntity(closed.Slug, closed.Id),
                    new { version = closed.Version, reason = $"version {version.Version} re-opened" })).Append(changed)), cancellationToken);
        }
        else
        {
            await studies.SetStatusAsync(version.Id, target, audit.InTransaction<long>(_ => changed), cancellationToken);
        }
        return null;
    }
}
