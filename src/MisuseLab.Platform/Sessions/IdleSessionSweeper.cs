using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Audit;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage.Participants;

namespace MisuseLab.Platform.Sessions;

/// <summary>
/// Marks sessions idle for <see cref="FacilitatorOptions.AbandonAfterMinutes"/> as abandoned, every
/// <see cref="Interval"/>. Until then a participant who walked away keeps their assignment place, and a condition that
/// people leave more often would end the study with fewer completed sessions than the others; once abandoned, the place
/// goes to the next newcomer and the participant who comes back is told their session has ended. Then each study's
/// declared policy applies (<c>consent.abandoned</c>): <c>delete</c> erases the abandoned participants of that study. Every web node runs
/// a sweeper: the abandoning update re-checks status and idleness, so two nodes never abandon anyone twice.
/// </summary>
public sealed class IdleSessionSweeper(
    ParticipantRepository participants,
    ParticipantWithdrawal withdrawal,
    AuditLog audit,
    IOptions<FacilitatorOptions> options,
    TimeProvider clock,
    ILogger<IdleSessionSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public const string Action = "participants.abandoned";

    public static readonly string Actor = AuditActor.System("idle-sweeper");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.AbandonAfterMinutes == 0)
        {
            logger.LogInformation("Idle sessions are never abandoned (MisuseLab:Facilitator:AbandonAfterMinutes is 0).");
            return;
        }
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup must not stop later sweeps; the next tick tries again.
                logger.LogError(e, "Abandoning idle sessions failed; retrying in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep at the clock's now; returns the ids of the participants it abandoned.</summary>
    public async Task<IReadOnlyList<long>> SweepAsync(CancellationToken cancellationToken)
    {
        var idleFor = TimeSpan.FromMinutes(options.Value.AbandonAfterMinutes);
        var now = clock.GetUtcNow();
        var abandoned = await participants.AbandonIdleAsync(now - idleFor, now, cancellationToken);
        if (abandoned.Count > 0)
        {
            await audit.AppendAsync(Actor, Action, "participants",
                JsonSerializer.Serialize(new { idle_minutes = options.Value.AbandonAfterMinutes, participant_ids = abandoned }), cancellationToken);
            logger.LogInformation("Abandoned {Count} session(s) idle for {Minutes} min or more.", abandoned.Count, options.Value.AbandonAfterMinutes);
            // After the abandonment is recorded: a study whose consent declares abandoned sessions deleted gets them erased.
            var erased = await withdrawal.ApplyAbandonedPolicyAsync(abandoned, cancellationToken);
            if (erased.Count > 0) logger.LogInformation("Erased {Count} abandoned session(s) of studies whose policy is 'delete'.", erased.Count);
        }
        return abandoned;
    }
}
