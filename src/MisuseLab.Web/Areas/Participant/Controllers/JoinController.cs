using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Participant.Models;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// Entry to a study: <c>/join/{slug}</c> (open enrolment), <c>?code=…</c> (invite), <c>?PROLIFIC_PID=…</c> (recorded;
/// with <c>&amp;sig=…</c>, the signed panel entry URL, it admits to a panel study that signs in by link).
/// In a study with <c>participant_sign_in: "link"</c> the link itself admits: visitors go straight to the consent page,
/// and agreeing enrols them and signs this browser in for this study only, with a resume link shown once (and on the
/// completion page). Otherwise visitors who are not signed in are sent to register or sign in and come back here.
/// Agreeing enrols (<see cref="Enrolment"/>: assignment happens in that transaction), declining stores nothing.
/// A participant signed in by another study's link counts as not signed in here.
/// </summary>
[Area("Participant")]
[Route("join/{slug}")]
public sealed class JoinController(Enrolment enrolment, SessionService sessions, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    [AllowAnonymous]
    public async Task<IActionResult> Index(string slug, string? code, [FromQuery(Name = "PROLIFIC_PID")] string? prolificPid,
        [FromQuery(Name = PanelEntrySignature.Parameter)] string? signature, CancellationToken cancellationToken)
    {
        // Anonymous visitors may arrive here (they are sent to register); signed-in staff accounts may not take part.
        if (ParticipantUser.IsAccount(User) && !(await authorization.AuthorizeAsync(User, Policies.Participant)).Succeeded)
        {
            return Message(StatusCodes.Status403Forbidden, "Staff accounts cannot take part",
                "You are signed in with a staff account (facilitator, analyst or administrator). Its sessions would mix test data into the study, " +
                "so only participant accounts can enrol. To try the study, sign out and register a participant account, or pilot it with bots from the facilitator pages.");
        }
        if (User.Identity?.IsAuthenticated == true && await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken) is not null)
        {
            return Redirect($"/study/{Uri.EscapeDataString(slug)}");
        }
        var (study, unavailable) = await enrolment.FindOpenAsync(slug, cancellationToken);
        if (study is null)
        {
            return Refused(unavailable!);
        }
        var entry = await enrolment.DecideAsync(study, code, prolificPid, cancellationToken, signature);
        if (entry.Refusal is { } refusal)
        {
            return Refused(refusal);
        }
        if (!ParticipantUser.IsAccount(User) && study.Definition.Enrolment.SignIn != ParticipantSignIn.Link)
        {
            return Redirect("/account/register?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));
        }
        var definition = study.Definition;
        return View("Consent", new ConsentViewModel(slug, definition.Title, definition.Consent.Text, definition.Consent.AgreeLabel,
            entry.Kind == EntryKind.Invite ? entry.Code : null, entry.Kind == EntryKind.Prolific ? entry.Code : null,
            entry.Kind == EntryKind.Prolific ? signature : null));
    }

    [HttpPost("")]
    [AllowAnonymous] // a link study's visitors consent without an account; an account study sends them to register below
    [EnableRateLimiting(LinkRateLimit.Policy)]
    public async Task<IActionResult> Consent(string slug, string? decision, string? code, [FromForm(Name = "PROLIFIC_PID")] string? prolificPid,
        [FromForm(Name = PanelEntrySignature.Parameter)] string? signature, CancellationToken cancellationToken)
    {
        if (ParticipantUser.IsAccount(User) && !(await authorization.AuthorizeAsync(User, Policies.Participant)).Succeeded)
        {
            return Forbid();
        }
        if (User.Identity?.IsAuthenticated == true && await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken) is not null)
        {
            return Redirect($"/study/{Uri.EscapeDataString(slug)}");
        }
        var (study, unavailable) = await enrolment.FindOpenAsync(slug, cancellationToken);
        if (study is null)
        {
            return Refused(unavailable!);
        }
        if (decision == "decline")
        {
            return View("Message", new MessageViewModel("You chose not to take part",
                "Thank you for considering it. Nothing about you was stored for this study; you can close this page.", "Back to the home page", "/"));
        }
        if (decision != "agree")
        {
            return Message(StatusCodes.Status400BadRequest, "Please choose", "Choose whether you agree to take part, then press the button again.",
                "Back to the consent page", Request.Path);
        }
        var entry = await enrolment.DecideAsync(study, code, prolificPid, cancellationToken, signature);
        if (entry.Refusal is { } refused)
        {
            return Refused(refused);
        }
        if (!ParticipantUser.IsAccount(User))
        {
            return study.Definition.Enrolment.SignIn == ParticipantSignIn.Link
                ? await EnrolByLinkAsync(study, entry, cancellationToken)
                : Redirect("/account/register?returnUrl=" + Uri.EscapeDataString($"/join/{Uri.EscapeDataString(slug)}{Request.QueryString}"));
        }
        var refusal = await enrolment.EnrolAsync(study, ParticipantUser.Id(User), entry, cancellationToken);
        return refusal is null ? Redirect($"/study/{Uri.EscapeDataString(slug)}") : Refused(refusal);
    }

    // Enrols, signs this browser in with the new link and shows the resume link: the only time it is shown before the
    // completion page (only its hash is stored). A reload re-posts, finds the session and goes to the study.
    private async Task<IActionResult> EnrolByLinkAsync(LoadedStudy study, EntryDecision entry, CancellationToken cancellationToken)
    {
        var (token, refusal) = await enrolment.EnrolByLinkAsync(study, entry, cancellationToken);
        if (refusal is not null)
        {
            return Refused(refusal);
        }
        await ParticipantUser.SignInWithLinkAsync(HttpContext, token!);
        var slug = study.Version.Slug;
        return View("Link", new LinkViewModel(slug, study.Definition.Title, ResumeController.UrlFor(Request, token!)));
    }

    private ViewResult Refused(EntryRefusal refusal) => refusal.Kind == RefusalKind.Preparing
        ? View("Message", new MessageViewModel(refusal.Title, refusal.Message, RefreshSoon: true))
        : Message(refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            RefusalKind.BadLink => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status403Forbidden,
        }, refusal.Title, refusal.Message);

    private ViewResult Message(int status, string title, string message, string? linkText = null, string? linkUrl = null)
    {
        Response.StatusCode = status;
        return View("Message", new MessageViewModel(title, message, linkText ?? "Back to the home page", linkUrl ?? "/"));
    }
}
