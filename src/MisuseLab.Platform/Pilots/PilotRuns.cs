using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Storage;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Platform.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Pilots;

public enum PilotState { Running, Finished, Failed }

/// <summary>Where one study's latest pilot run stands; <see cref="Message"/> says it in words for the monitor.</summary>
public sealed record PilotRun(string Slug, long VersionId, int Bots, string Policy, PilotState State, DateTimeOffset StartedAt, int Completed, int Errors, string Message);

/// <summary>
/// The facilitator's "pilot with N bots": generates N invite codes marked pilot (whoever enrols with one is a pilot
/// participant, left out of the analysis and the real assignment blocks), audits the start in the same transaction,
/// and runs the bots as a background job (<see cref="IPilotBots"/>). One pilot at a time per study; at most
/// <see cref="MaxBots"/> bots. Runs live in memory: after a restart the monitor's pilot counts (from the database)
/// still show what a pilot left behind.
/// </summary>
public sealed class PilotRuns(ParticipantRepository participants, StudyAudit audit, IPilotBots bots, StudyCatalog catalog, TimeProvider clock, ILogger<PilotRuns> logger) : IDisposable
{
    public const int MaxBots = 50;

    /// <summary>The answer policies of MisuseLab.Bots any pilot may choose (random first: the default).</summary>
    public static readonly IReadOnlyList<string> Policies = ["random", "trusting", "sceptical"];

    /// <summary>The policy that answers locate and remedy pages from the study's own defects and remedies (issue 17).</summary>
    public const string Oracle = "oracle";

    /// <summary>
    /// What a pilot of a study with <paramref name="definition"/> may choose: <see cref="Policies"/>, and
    /// <see cref="Oracle"/> when the study has a locate or remedy page (elsewhere it would answer as random does).
    /// </summary>
    public static IReadOnlyList<string> PoliciesFor(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Pages.Any(p => p.Kind is PageKind.Locate or PageKind.Remedy) ? [.. Policies, Oracle] : Policies;
    }

    /// <summary>The policies a pilot of <paramref name="study"/>'s current version may choose (<see cref="Policies"/> when none is launched).</summary>
    public async Task<IReadOnlyList<string>> PoliciesAsync(StudyRecord study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.CurrentVersionId is { } id && await catalog.FindFrozenAsync(id, cancellationToken) is { } loaded
            ? PoliciesFor(loaded.Definition)
            : Policies;
    }

    private readonly ConcurrentDictionary<string, PilotRun> _runs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    /// <summary>The study's latest pilot since the app started, or null.</summary>
    public PilotRun? Find(string slug) => _runs.GetValueOrDefault(slug);

    /// <summary>The background job of the pilot started last; tests wait on it instead of sleeping.</summary>
    public Task? Latest { get; private set; }

    /// <summary>
    /// Starts a pilot of <paramref name="version"/> (the study's current, open version) with <paramref name="count"/>
    /// bots answering by <paramref name="policy"/>. Returns the run, or why not (nothing was stored then).
    /// </summary>
    public async Task<(PilotRun? Run, string? Refusal)> StartAsync(StudyRecord study, StudyVersionRecord version, int count, string policy, string actor, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxBots) return (null, $"Expected from 1 to {MaxBots} bots; found {count}.");
        var definition = catalog.DefinitionOf(version);
        var policies = PoliciesFor(definition);
        if (!policies.Contains(policy))
            return (null, $"Expected an answer policy among {string.Join(", ", policies)}; found '{policy}'." +
                (policy == Oracle ? $" The oracle answers locate and remedy pages; {study.Slug} has none." : ""));
        if (version.Status != StudyStatus.Open || study.CurrentVersionId != version.Id)
            return (null, $"Only the current, open version of {study.Slug} can be piloted (bots join as participants do); version {version.Version} is {version.Status.ToString().ToLowerInvariant()}.");
        var run = new PilotRun(study.Slug, version.Id, count, policy, PilotState.Running, clock.GetUtcNow(), 0, 0, $"Pilot with {count} bots ({policy}) running.");
        // Claimed before anything is stored: a second start while this one prepares its codes is refused.
        lock (_gate)
        {
            if (_runs.TryGetValue(study.Slug, out var previous) && previous.State == PilotState.Running)
                return (null, $"A pilot of {study.Slug} is already running ({previous.Message}); wait for it to finish.");
            _runs[study.Slug] = run;
        }

        IReadOnlyList<string> codes;
        try
        {
            codes = await CreateCodesAsync(study, count, policy, actor, cancellationToken);
        }
        catch
        {
            _runs[study.Slug] = run with { State = PilotState.Failed, Message = "The pilot could not start: its invite codes were not stored." };
            throw;
        }
        var seed = unchecked((int)clock.GetUtcNow().ToUnixTimeSeconds());
        var tasks = policy == Oracle ? PilotTasks.Of(definition) : null;
        Latest = Task.Run(() => RunAsync(run, codes, seed, tasks, actor), CancellationToken.None);
        return (run, null);
    }

    private async Task<IReadOnlyList<string>> CreateCodesAsync(StudyRecord study, int count, string policy, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var codes = Enumerable.Range(0, count).Select(_ => ParticipantRepository.NewCode(InviteCodes.CodeLength)).Distinct(StringComparer.Ordinal).ToList();
            if (codes.Count != count) continue;
            try
            {
                // The start is audited with the codes it creates (their number, never the codes).
                await participants.AddInviteCodesAsync(study.Id, codes, clock.GetUtcNow(), pilot: true,
                    audit.InTransaction<int>(n => StudyAudit.Record(actor, "study.pilot-started", StudyAudit.StudyEntity(study.Slug), new { bots = n, policy })), cancellationToken);
                return codes;
            }
            catch (DuplicateKeyException) when (attempt < 3)
            {
            }
        }
    }

    private async Task RunAsync(PilotRun run, IReadOnlyList<string> codes, int seed, PilotTasks? tasks, string actor)
    {
        PilotRun done;
        try
        {
            var result = await bots.RunAsync(run.Slug, codes, run.Policy, seed, tasks, _stopping.Token);
            done = run with
            {
                State = result.Errors == 0 ? PilotState.Finished : PilotState.Failed,
                Completed = result.Completed,
                Errors = result.Errors,
                Message = result.Errors == 0
                    ? $"Pilot with {run.Bots} bots ({run.Policy}) finished: {result.Completed} completed."
                    : $"Pilot with {run.Bots} bots ({run.Policy}) finished with problems: {result.Completed} completed, {result.Errors} did not; first problem: {result.FirstError}",
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Pilot of {Slug} failed", run.Slug);
            done = run with { State = PilotState.Failed, Message = $"Pilot with {run.Bots} bots failed: {e.Message}" };
        }
        _runs[run.Slug] = done;
        try
        {
            await audit.RecordAsync(actor, "study.pilot-finished", StudyAudit.StudyEntity(run.Slug),
                new { bots = run.Bots, completed = done.Completed, errors = done.Errors, state = done.State.ToString().ToLowerInvariant() }, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "The end of the pilot of {Slug} could not be audited", run.Slug);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
