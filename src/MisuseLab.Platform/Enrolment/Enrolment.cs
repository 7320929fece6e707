using System.Text.RegularExpressions;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Enrolment;

/// <summary>Why someone cannot enter a study, in words for them; <see cref="Kind"/> says what kind of "no" it is.</summary>
public sealed record EntryRefusal(RefusalKind Kind, string Title, string Message);

/// <summary>NotFound: no such study. Unavailable: being prepared or failed to build. Closed: paused or closed. Denied: this person may not enter. BadLink: a malformed link.</summary>
public enum RefusalKind { NotFound, Preparing, Unavailable, Closed, Denied, BadLink }

/// <summary>How a person enters: the kind of entry and its code (invite code or panel id), or a refusal.</summary>
public sealed record EntryDecision(EntryKind Kind, string? Code, EntryRefusal? Refusal)
{
    public bool Admitted => Refusal is null;

    public static EntryDecision Refuse(RefusalKind kind, string title, string message) => new(EntryKind.Open, null, new EntryRefusal(kind, title, message));
}

/// <summary>
/// Entering a study: which version is open for newcomers, whether this person's link admits them (open, invite code,
/// Prolific id), and enrolling them — assigned by the study's own permuted-block design (<see cref="StudyRuntime.Design"/>,
/// block_size honoured) in the enrolment transaction.
/// </summary>
public sealed partial class Enrolment(StudyCatalog catalog, StudyPreparation preparation, ParticipantRepository participants, PanelEntrySignature panelEntry, TimeProvider clock)
{
    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex ProlificPattern();

    /// <summary>The version of <paramref name="slug"/> newcomers join, or why there is none they can join now.</summary>
    public async Task<(LoadedStudy? Study, EntryRefusal? Refusal)> FindOpenAsync(string slug, CancellationToken cancellationToken)
    {
        if (preparation.IsPreparing(slug))
        {
            return (null, new EntryRefusal(RefusalKind.Preparing, "This study is being prepared",
                "The models and explanations for this study are being built. This takes a minute; this page reloads by itself."));
        }
        var study = await catalog.FindCurrentAsync(slug, cancellationToken);
        if (study is null)
        {
            return (null, preparation.FailureOf(slug) is { } failure
                ? new EntryRefusal(RefusalKind.Unavailable, "This study is not available", "It could not be prepared: " + failure)
                : new EntryRefusal(RefusalKind.NotFound, "No such study", "Check the link you were given; it may be mistyped."));
        }
        if (study.Version.Status != StudyStatus.Open)
        {
            return (null, new EntryRefusal(RefusalKind.Closed, "This study is not accepting participants",
                study.Version.Status == StudyStatus.Paused ? "It is paused for now; please try again later." : "It has closed. Thank you for your interest."));
        }
        return (study, null);
    }

    /// <summary>
    /// The signed entry path a facilitator pastes into the panel (Prolific's "study URL"), or null when the current
    /// version of <paramref name="slug"/> is not a panel study whose participants sign in by link.
    /// </summary>
    public async Task<string?> PanelEntryPathAsync(string slug, CancellationToken cancellationToken)
    {
        var study = await catalog.FindCurrentAsync(slug, cancellationToken);
        return study is { Definition.Enrolment: { Mode: EnrolmentMode.Prolific, SignIn: ParticipantSignIn.Link } } ? panelEntry.EntryPath(slug) : null;
    }

    /// <summary>
    /// Whether the link's <paramref name="code"/> or <paramref name="prolificPid"/> admits a person to <paramref name="study"/>.
    /// A panel study whose participants sign in by link also needs the entry URL's <paramref name="signature"/>
    /// (<see cref="PanelEntrySignature"/>): without it anyone who knows the slug could enter under any panel id.
    /// </summary>
    public async Task<EntryDecision> DecideAsync(LoadedStudy study, string? code, string? prolificPid, CancellationToken cancellationToken, string? signature = null)
    {
        if (!string.IsNullOrEmpty(prolificPid) && !ProlificPattern().IsMatch(prolificPid))
        {
            return EntryDecision.Refuse(RefusalKind.BadLink, "This link is incomplete", "The Prolific participant id in the link is not valid. Open the study again from Prolific.");
        }
        // A pilot's own invite code admits its bot whatever the enrolment mode, so open and panel studies can be piloted
        // too; the code makes the participant a pilot (ParticipantRepository.EnrolAsync). Other codes mean nothing here.
        if (study.Definition.Enrolment.Mode != EnrolmentMode.Invite && !string.IsNullOrEmpty(code) && CodePattern().IsMatch(code)
            && await participants.FindInviteCodeAsync(code, cancellationToken) is { Pilot: true, UsedBy: null, RevokedAt: null } pilot
            && pilot.StudyId == study.Version.StudyId)
        {
            return new EntryDecision(EntryKind.Invite, code, null);
        }
        switch (study.Definition.Enrolment.Mode)
        {
            case EnrolmentMode.Invite:
                if (string.IsNullOrEmpty(code))
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "This study is by invitation", "Use the link from your invitation; it carries your personal code.");
                }
                if (!CodePattern().IsMatch(code))
                {
                    return EntryDecision.Refuse(RefusalKind.BadLink, "This invitation link is damaged", "The code in the link is not valid. Copy the whole link from your invitation.");
                }
                var invite = await participants.FindInviteCodeAsync(code, cancellationToken);
                if (invite is null || invite.StudyId != study.Version.StudyId)
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "This invitation cannot be used", "The code in the link is not a code of this study. Check the link you were sent.");
                }
                if (invite.RevokedAt is not null)
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "This invitation was withdrawn",
                        "The study team withdrew this invitation, so it no longer opens the study. Contact them if you think this is a mistake.");
                }
                if (invite.UsedBy is not null)
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "This invitation cannot be used",
                        "This invitation has already been used. Each invitation admits one person; if it was yours, sign in with the account you used.");
                }
                return new EntryDecision(EntryKind.Invite, code, null);
            case EnrolmentMode.Prolific:
                if (string.IsNullOrEmpty(prolificPid))
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "Open this study from Prolific", "This study recruits through Prolific; use the link on the Prolific study page.");
                }
                if (study.Definition.Enrolment.SignIn == ParticipantSignIn.Link && !panelEntry.Verify(study.Version.Slug, signature))
                {
                    return EntryDecision.Refuse(RefusalKind.Denied, "This study link is not valid",
                        "The link is not this study's entry link: its signature is missing or does not match. Open the study again from its Prolific page; if that fails, message the researcher on Prolific.");
                }
                return new EntryDecision(EntryKind.Prolific, prolificPid, null);
            default:
                return string.IsNullOrEmpty(prolificPid) ? new EntryDecision(EntryKind.Open, null, null) : new EntryDecision(EntryKind.Prolific, prolificPid, null);
        }
    }

    /// <summary>
    /// Enrols a person who joined by link (consent given, no account): null refusal and their new sign-in token, which
    /// is shown to them once and never stored (the enrolment transaction stores its hash).
    /// </summary>
    public async Task<(string? Token, EntryRefusal? Refusal)> EnrolByLinkAsync(LoadedStudy study, EntryDecision entry, CancellationToken cancellationToken)
    {
        if (!entry.Admitted) throw new ArgumentException("Only an admitting decision enrols.", nameof(entry));
        var token = LinkTokens.New();
        try
        {
            await participants.EnrolAsync(new EnrolmentRequest(study.Version.StudyId, study.Version.Id, null, entry.Kind, entry.Code, FirstPage: 1, LinkTokens.Hash(token)),
                study.Runtime.Design, clock.GetUtcNow(), cancellationToken);
            return (token, null);
        }
        catch (EnrolmentRefusedException e)
        {
            return (null, new EntryRefusal(RefusalKind.Denied, e.Reason == EnrolmentRefusal.PanelIdUsed ? "You have already started this study" : "This invitation cannot be used", e.Message));
        }
    }

    /// <summary>Enrols <paramref name="userId"/> (consent given): null when enrolled, otherwise why not (nothing stored).</summary>
    public async Task<EntryRefusal?> EnrolAsync(LoadedStudy study, long userId, EntryDecision entry, CancellationToken cancellationToken)
    {
        if (!entry.Admitted) throw new ArgumentException("Only an admitting decision enrols.", nameof(entry));
        try
        {
            await participants.EnrolAsync(new EnrolmentRequest(study.Version.StudyId, study.Version.Id, userId, entry.Kind, entry.Code, FirstPage: 1),
                study.Runtime.Design, clock.GetUtcNow(), cancellationToken);
            return null;
        }
        catch (EnrolmentRefusedException e)
        {
            return new EntryRefusal(RefusalKind.Denied, "This invitation cannot be used", e.Message);
        }
    }
}
