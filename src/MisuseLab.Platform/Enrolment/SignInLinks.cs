using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Platform.Enrolment;

/// <summary>What a resume link opens: the study it belongs to, or why it opens nothing.</summary>
public sealed record LinkResolution(string? Slug, EntryRefusal? Refusal);

/// <summary>
/// The resume side of join-by-link: a participant's link continues their session in any browser (another device) until
/// the facilitator revokes it. Revoking is by invite code (the code and the links of whoever used it) or by pseudonym.
/// </summary>
public sealed class SignInLinks(ParticipantLinkRepository links, StudyAudit audit, TimeProvider clock)
{
    public async Task<LinkResolution> ResolveAsync(string? token, CancellationToken cancellationToken)
    {
        if (!LinkTokens.IsWellFormed(token))
        {
            return new(null, new EntryRefusal(RefusalKind.BadLink, "This link is damaged", "The link is incomplete. Copy the whole link you were given, or open it from where you saved it."));
        }
        var link = await links.FindAsync(LinkTokens.Hash(token!), cancellationToken);
        if (link is null)
        {
            return new(null, new EntryRefusal(RefusalKind.NotFound, "This link opens nothing", "No study session belongs to this link. Check that you copied all of it."));
        }
        return link.RevokedAt is not null
            ? new(null, new EntryRefusal(RefusalKind.Denied, "This link was withdrawn",
                "The study team withdrew this link, so it no longer opens your session. Contact them if you think this is a mistake."))
            : new(link.Slug, null);
    }

    /// <summary>Revokes an invite code or a participant's links (<paramref name="codeOrPseudonym"/>); false when the study has neither.</summary>
    public async Task<bool> RevokeAsync(StudyRecord study, string codeOrPseudonym, string actor, CancellationToken cancellationToken)
    {
        var value = codeOrPseudonym.Trim();
        var now = clock.GetUtcNow();
        var byPseudonym = value.StartsWith("P-", StringComparison.Ordinal);
        var revoked = byPseudonym
            ? await links.RevokeParticipantAsync(study.Id, value, now, cancellationToken)
            : await links.RevokeInviteAsync(study.Id, value, now, cancellationToken);
        if (revoked)
        {
            // The pseudonym is not a credential; the code is, so only its mask is audited.
            await audit.RecordAsync(actor, "study.link-revoked", StudyAudit.StudyEntity(study.Slug),
                new { participant = byPseudonym ? value : null, invite = byPseudonym ? null : InviteCodes.Mask(value) }, cancellationToken);
        }
        return revoked;
    }
}
