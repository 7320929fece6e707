using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Withdrawal;

/// <summary>Why a participant's data was erased; recorded in the audit entry.</summary>
public enum ErasureReason { Withdrawn, Request, Abandoned }

/// <summary>Deleted (with the pseudonym that was erased), or why nothing was.</summary>
public enum ErasureStatus { Erased, NoSuchStudy, NotFound, Ambiguous }

public sealed record ErasureOutcome(ErasureStatus Status, string? Pseudonym = null);

/// <summary>
/// Every way a participant's data leaves the platform — the participant withdrawing from any page of the session, a
/// facilitator or the CLI acting on a participant's request (by pseudonym or completion code), and the study's
/// abandoned-session policy <c>delete</c> — goes through <see cref="ParticipantEraser"/> and leaves one audit entry
/// under <c>study/{slug}</c>. That entry holds no personal data: the erased pseudonym (random, and now pointing at
/// nothing), the version, the page reached and the reason. A participant's own withdrawal is recorded with the actor
/// <c>system/participant</c>, not their account id, so the audit does not tie an account to the study it left.
/// </summary>
public sealed class ParticipantWithdrawal(
    ParticipantEraser eraser,
    ParticipantRepository participants,
    StudyRepository studies,
    StudyCatalog catalog,
    StudyAudit audit,
    TimeProvider clock)
{
    public const string Action = "participant.erased";

    /// <summary>The actor of a participant's own withdrawal.</summary>
    public static readonly string ParticipantActor = AuditActor.System("participant");

    /// <summary>The participant of <paramref name="session"/> withdraws (any page, consent given, not finished). False when the session is no longer in progress.</summary>
    public async Task<bool> WithdrawAsync(SessionState session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var erased = await eraser.EraseAsync(session.Participant.Id, onlyInProgress: true, clock.GetUtcNow(), cancellationToken);
        if (erased is null) return false;
        await RecordAsync(ParticipantActor, session.Study.Version.Slug, erased, ErasureReason.Withdrawn, cancellationToken);
        return true;
    }

    /// <summary>
    /// The participant of study <paramref name="slug"/> whose pseudonym or completion code is <paramref name="reference"/>
    /// (what a participant can quote when asking for deletion), for a confirmation before <see cref="EraseOnRequestAsync"/>.
    /// </summary>
    public async Task<(ErasureStatus Status, ParticipantRecord? Participant)> FindAsync(string slug, string? reference, CancellationToken cancellationToken)
    {
        var study = await studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return (ErasureStatus.NoSuchStudy, null);
        reference = (reference ?? "").Trim();
        if (reference.Length == 0) return (ErasureStatus.NotFound, null);
        var byPseudonym = await participants.FindByPseudonymAsync(study.Id, reference, cancellationToken);
        var matches = byPseudonym is not null ? [byPseudonym] : await participants.FindByCompletionCodeAsync(study.Id, reference, cancellationToken);
        return matches.Count switch
        {
            0 => (ErasureStatus.NotFound, null),
            1 => (ErasureStatus.Erased, matches[0]),
            _ => (ErasureStatus.Ambiguous, null),
        };
    }

    /// <summary>
    /// Erases, on the participant's request, the participant of study <paramref name="slug"/> whose pseudonym or
    /// completion code is <paramref name="reference"/>, whatever their status (a completed session too).
    /// </summary>
    public async Task<ErasureOutcome> EraseOnRequestAsync(string slug, string? reference, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var (status, found) = await FindAsync(slug, reference, cancellationToken);
        if (found is null) return new ErasureOutcome(status);
        var erased = await eraser.EraseAsync(found.Id, onlyInProgress: false, clock.GetUtcNow(), cancellationToken);
        if (erased is null) return new ErasureOutcome(ErasureStatus.NotFound); // erased meanwhile
        await RecordAsync(actor, slug, erased, ErasureReason.Request, cancellationToken);
        return new ErasureOutcome(ErasureStatus.Erased, erased.Pseudonym);
    }

    /// <summary>A sentence for whoever asked, when nothing was erased.</summary>
    public static string Explain(ErasureStatus status, string slug, string? reference) => status switch
    {
        ErasureStatus.NoSuchStudy => $"No study '{slug}'.",
        ErasureStatus.NotFound => $"No participant of study '{slug}' has the pseudonym or completion code '{reference}'. Check the spelling (pseudonyms look like P-XXXXXXXXXX); a participant who withdrew is already erased.",
        ErasureStatus.Ambiguous => $"Several participants of study '{slug}' hold completion code '{reference}'; ask for the pseudonym instead (participants.csv of an export lists it with the completion time).",
        _ => "",
    };

    /// <summary>
    /// Applies each study's <see cref="ConsentDefinition.Abandoned"/> policy to participants just abandoned: those of a
    /// study declaring <see cref="AbandonedPolicy.Delete"/> are erased. Returns the ids erased.
    /// </summary>
    public async Task<IReadOnlyList<long>> ApplyAbandonedPolicyAsync(IReadOnlyList<long> abandonedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(abandonedIds);
        var erasedIds = new List<long>();
        foreach (var id in abandonedIds)
        {
            if (await participants.GetAsync(id, cancellationToken) is not { Status: ParticipantStatus.Abandoned } participant) continue;
            if (await catalog.FindVersionAsync(participant.StudyVersionId, cancellationToken) is not { } loaded) continue;
            if (loaded.Definition.Consent.Abandoned != AbandonedPolicy.Delete) continue;
            var erased = await eraser.EraseAsync(id, onlyInProgress: false, clock.GetUtcNow(), cancellationToken);
            if (erased is null) continue;
            await RecordAsync(IdleSessionSweeper.Actor, loaded.Version.Slug, erased, ErasureReason.Abandoned, cancellationToken);
            erasedIds.Add(id);
        }
        return erasedIds;
    }

    private Task RecordAsync(string actor, string slug, ErasedParticipant erased, ErasureReason reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(actor, Action, StudyAudit.StudyEntity(slug), new
        {
            pseudonym = erased.Pseudonym,
            version = erased.StudyVersionId,
            reason = reason.ToString().ToLowerInvariant(),
            status = erased.FormerStatus.ToString().ToLowerInvariant(),
            page = erased.Page,
        }, cancellationToken);
}
