using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Areas.Facilitator.Services;

public enum LaunchState { Building, Launched, Failed }

/// <summary>A launch in progress or just finished: what the version page shows while the stimuli are built.</summary>
public sealed class LaunchJob(long versionId, string actor, DateTimeOffset startedAt)
{
    private volatile string _message = "Queued";
    private volatile LaunchState _state = LaunchState.Building;

    public long VersionId { get; } = versionId;
    public string Actor { get; } = actor;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public LaunchState State { get => _state; internal set => _state = value; }
    public string Message { get => _message; internal set => _message = value; }
    public DateTimeOffset? FinishedAt { get; internal set; }
}

/// <summary>
/// Launches drafts in the background: building stimuli trains models and takes seconds to minutes, longer than a
/// request should wait, so the POST starts a job and the version page shows "building" (refreshing itself) until the
/// job ends. Launching freezes the version: stimuli stored, study hash and launched_at recorded, status open, and it
/// becomes the version new participants join (the previously current version, if open or paused, is closed).
/// Jobs live in this process; if it stops mid-build the version simply stays a draft (stimuli are stored in one
/// transaction, so nothing half-built remains) and can be launched again.
/// </summary>
public sealed class LaunchJobs(
    StudyRepository studies,
    StimulusRepository stimuli,
    IStudyStimulusBuilder builder,
    FacilitatorAudit audit,
    TimeProvider clock,
    IOptions<MisuseLabOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<LaunchJobs> logger)
{
    private readonly ConcurrentDictionary<long, LaunchJob> _jobs = new();

    public LaunchJob? Find(long versionId) => _jobs.TryGetValue(versionId, out var job) ? job : null;

    public bool IsBuilding(long versionId) => Find(versionId) is { State: LaunchState.Building };

    /// <summary>Starts launching draft <paramref name="draft"/>; false (and nothing started) when it is already being built.</summary>
    public bool TryStart(StudyVersionRecord draft, string actor, out LaunchJob job)
    {
        var fresh = new LaunchJob(draft.Id, actor, clock.GetUtcNow());
        job = _jobs.AddOrUpdate(draft.Id, fresh, (_, old) => old.State == LaunchState.Building ? old : fresh);
        if (!ReferenceEquals(job, fresh)) return false;
        var started = job;
        _ = Task.Run(() => RunAsync(started, draft, lifetime.ApplicationStopping));
        return true;
    }

    /// <summary>Waits until the job of <paramref name="versionId"/> is no longer building (for the CLI and tests).</summary>
    public async Task<LaunchJob?> WaitAsync(long versionId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        while (IsBuilding(versionId) && watch.Elapsed < timeout)
        {
            await Task.Delay(50, cancellationToken);
        }
        return Find(versionId);
    }

    private async Task RunAsync(LaunchJob job, StudyVersionRecord draft, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var result = StudyValidator.Validate(draft.DefinitionJson, $"{draft.Slug} {draft.Version}");
            var definition = result.Definition ?? throw new StudyValidationException($"{draft.Slug} {draft.Version}", result.Errors);
            var count = await stimuli.CountAsync(draft.Id, cancellationToken);
            if (count == 0)
            {
                job.Message = "Building stimuli (training models and computing explanations)…";
                var dataDirectory = AdultDataLocator.Resolve(null, options.Value.DataDir);
                var entries = await Task.Run(() => builder.Build(definition, dataDirectory, new InlineProgress(job)), cancellationToken);
                job.Message = $"Storing {entries.Count} stimuli…";
                await stimuli.StoreAsync(draft.Id, entries, cancellationToken);
                count = entries.Count;
            }

            // The draft must still be what was built: edits are refused while building, this catches anything else.
            var current = await studies.FindVersionAsync(draft.Id, cancellationToken);
            if (current is null || current.StudyHash != draft.StudyHash || current.Status != StudyStatus.Draft)
            {
                throw new InvalidOperationException($"Version {draft.Version} changed while its stimuli were built (expected hash {draft.StudyHash}, draft status); create a new version and launch that.");
            }

            var study = await studies.FindStudyAsync(draft.Slug, cancellationToken);
            if (study?.CurrentVersionId is { } previousId && previousId != draft.Id
                && await studies.FindVersionAsync(previousId, cancellationToken) is { Status: StudyStatus.Open or StudyStatus.Paused } previous)
            {
                await studies.SetStatusAsync(previous.Id, StudyStatus.Closed, cancellationToken);
                await audit.RecordAsync(job.Actor, "study.closed", FacilitatorAudit.VersionEntity(draft.Slug, previous.Id),
                    new { version = previous.Version, reason = $"superseded by {draft.Version}" }, cancellationToken);
            }
            var launched = await studies.LaunchAsync(draft.Id, clock.GetUtcNow(), cancellationToken);
            await audit.RecordAsync(job.Actor, "study.launched", FacilitatorAudit.VersionEntity(draft.Slug, draft.Id),
                new { hash = launched.StudyHash, version = launched.Version, stimuli = count, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) }, cancellationToken);
            job.Message = $"Launched with {count} stimuli in {watch.Elapsed.TotalSeconds:F1} s.";
            job.State = LaunchState.Launched;
            logger.LogInformation("{Actor} launched {Study} {Version} (hash {Hash}) in {Seconds:F1} s.", job.Actor, draft.Slug, draft.Version, launched.StudyHash, watch.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            job.Message = e is StudyValidationException v ? $"The study is invalid: {v.Message}" : e.Message;
            job.State = LaunchState.Failed;
            logger.LogError(e, "Launching {Study} {Version} failed.", draft.Slug, draft.Version);
            try
            {
                await audit.RecordAsync(job.Actor, "study.launch-failed", FacilitatorAudit.VersionEntity(draft.Slug, draft.Id),
                    new { version = draft.Version, error = e.Message }, CancellationToken.None);
            }
            catch (Exception auditError)
            {
                logger.LogError(auditError, "Could not record the failed launch of {Study} {Version} in the audit log.", draft.Slug, draft.Version);
            }
        }
        finally
        {
            job.FinishedAt = clock.GetUtcNow();
        }
    }

    /// <summary>Reports on the builder's thread straight into the job (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class InlineProgress(LaunchJob job) : IProgress<string>
    {
        public void Report(string value) => job.Message = value;
    }
}
