using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MisuseLab.Platform.Audit;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// The one way a study version is launched, whoever asks (demo seeding, a facilitator, the CLI, tests): a job goes
/// into a queue that one background worker drains, so builds, which train models and take the machine's cores for
/// seconds to minutes, run one at a time, and each caller awaits its job's <see cref="LaunchJob.Completion"/> or lets
/// a page show its progress. Launching = stimuli ensured (<see cref="StimulusBuild"/>), the version checked unchanged
/// since it was queued, then opened and made current by <see cref="StudyRepository.LaunchAsync"/>, which closes the
/// study's previous open version in the same transaction; every step is audited. Jobs live in this process; if it
/// stops mid-build the version stays a draft and can be launched again.
/// </summary>
public sealed class StudyLaunch : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, LaunchJob> _jobs = new();
    private readonly Channel<(LaunchJob Job, StudyVersionRecord Version)> _queue =
        Channel.CreateUnbounded<(LaunchJob, StudyVersionRecord)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<Task> _worker;
    private readonly StudyRepository _studies;
    private readonly StimulusBuild _build;
    private readonly StudyAudit _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<StudyLaunch> _logger;

    public StudyLaunch(StudyRepository studies, StimulusBuild build, StudyAudit audit, TimeProvider clock, ILogger<StudyLaunch> logger)
    {
        (_studies, _build, _audit, _clock, _logger) = (studies, build, audit, clock, logger);
        // Started on first use, not in a host's start-up: the CLI launches without a generic host.
        _worker = new Lazy<Task>(() => Task.Run(DrainAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LaunchJob? Find(long versionId) => _jobs.TryGetValue(versionId, out var job) ? job : null;

    public bool IsBuilding(long versionId) => Find(versionId) is { IsPending: true };

    /// <summary>Queues <paramref name="version"/> for launch; false (and <paramref name="job"/> the pending one) when it is queued or building already.</summary>
    public bool TryEnqueue(StudyVersionRecord version, string actor, out LaunchJob job)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var fresh = new LaunchJob(version.Id, actor, _clock.GetUtcNow());
        job = _jobs.AddOrUpdate(version.Id, fresh, (_, old) => old.IsPending ? old : fresh);
        if (!ReferenceEquals(job, fresh)) return false;
        _ = _worker.Value;
        if (!_queue.Writer.TryWrite((fresh, version)))
        {
            fresh.Finish(LaunchState.Failed, "The launch queue is closed: the app is stopping.", _clock.GetUtcNow());
        }
        return true;
    }

    /// <summary>
    /// Validates and imports the study file at <paramref name="path"/> (idempotent: the same content is the same
    /// version), then launches it through the queue and waits. Used by demo seeding, the CLI and tests.
    /// </summary>
    /// <exception cref="StudyValidationException">The file is invalid; nothing was stored.</exception>
    /// <exception cref="InvalidOperationException">The launch failed; the message says why.</exception>
    public async Task<StudyVersionRecord> LaunchFileAsync(string path, string actor, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        var result = StudyValidator.Validate(json, path);
        var definition = result.Definition ?? throw new StudyValidationException(path, result.Errors);
        var version = await _studies.ImportAsync(definition.Id, definition.Title, definition.Version, result.Hash!, json, _clock.GetUtcNow(), cancellationToken);
        TryEnqueue(version, actor, out var job);
        var done = await job.Completion.WaitAsync(cancellationToken);
        return done.State == LaunchState.Launched
            ? await _studies.FindVersionAsync(version.Id, cancellationToken) ?? throw new InvalidOperationException($"Version {version.Id} vanished after its launch.")
            : throw new InvalidOperationException($"Launching {definition.Id} {definition.Version} failed: {done.Message}");
    }

    private async Task DrainAsync()
    {
        try
        {
            await foreach (var (job, version) in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                await RunAsync(job, version, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: queued jobs are failed below.
        }
        while (_queue.Reader.TryRead(out var left))
        {
            left.Job.Finish(LaunchState.Failed, "The app stopped before this launch ran; launch it again.", _clock.GetUtcNow());
        }
    }

    private async Task RunAsync(LaunchJob job, StudyVersionRecord queued, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var entity = StudyAudit.VersionEntity(queued.Slug, queued.Id);
        try
        {
            job.Start();
            var count = await _build.EnsureAsync(queued, new JobProgress(job), cancellationToken);

            // The version must still be what was queued: edits are refused while a launch is pending; this catches anything else.
            var current = await _studies.FindVersionAsync(queued.Id, cancellationToken);
            if (current is null || current.StudyHash != queued.StudyHash)
            {
                throw new InvalidOperationException($"Version {queued.Version} changed while its stimuli were built (expected hash {queued.StudyHash}); create a new version and launch that.");
            }
            // The launch, the versions it closed and their audit entries commit together.
            var seconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
            await _studies.LaunchAsync(queued.Id, _clock.GetUtcNow(), _audit.InTransaction<LaunchOutcome>(outcome =>
                outcome.Closed.Select(closed => StudyAudit.Record(job.Actor, "study.closed", StudyAudit.VersionEntity(closed.Slug, closed.Id),
                        new { version = closed.Version, reason = $"superseded by {queued.Version}" }))
                    .Append(StudyAudit.Record(job.Actor, "study.launched", entity,
                        new { hash = outcome.Launched.StudyHash, version = outcome.Launched.Version, stimuli = count, seconds }))), cancellationToken);
            job.Finish(LaunchState.Launched, $"Launched with {count} stimuli in {watch.Elapsed.TotalSeconds:F1} s.", _clock.GetUtcNow());
            _logger.LogInformation("{Actor} launched {Study} {Version} (hash {Hash}) in {Seconds:F1} s.", job.Actor, queued.Slug, queued.Version, queued.StudyHash, watch.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            job.Finish(LaunchState.Failed, e is StudyValidationException v ? $"The study is invalid: {v.Message}" : e.Message, _clock.GetUtcNow());
            _logger.LogError(e, "Launching {Study} {Version} failed.", queued.Slug, queued.Version);
            try
            {
                await _audit.RecordAsync(job.Actor, "study.launch-failed", entity, new { version = queued.Version, error = e.Message }, CancellationToken.None);
            }
            catch (Exception auditError)
            {
                _logger.LogError(auditError, "Could not record the failed launch of {Study} {Version} in the audit log.", queued.Slug, queued.Version);
            }
        }
        catch (OperationCanceledException)
        {
            job.Finish(LaunchState.Failed, "The app stopped during this launch; launch it again.", _clock.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_worker.IsValueCreated)
        {
            await _worker.Value;
        }
        _stopping.Dispose();
    }

    /// <summary>Reports on the builder's thread straight into the job (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class JobProgress(LaunchJob job) : IProgress<string>
    {
        public void Report(string value) => job.Report(value);
    }
}
