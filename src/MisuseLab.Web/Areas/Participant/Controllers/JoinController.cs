using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Participant.Models;
using MisuseLab.Web.Areas.Participant.Services;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// Entry to a study: <c>/join/{slug}</c> (open enrolment), <c>?code=…</c> (invite), <c>?PROLIFIC_PID=…</c> (recorded).
/// Visitors who are not signed in are sent to register or sign in and come back here. Then the consent page;
/// agreeing enrols (assignment happens in that transaction), declining stores nothing.
/// </summary>
[Area("Participant")]
[Route("join/{slug}")]
public sealed partial class JoinController(
    StudyCatalog catalog,
    StudyPreparation preparation,
    ParticipantRepository participants,
    SessionService sessions,
    IAuthorizationService authorization,
    TimeProvider clock) : Controller
{
    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex ProlificPattern();

    [HttpGet("")]
    [AllowAnonymous]
    public async Task<IActionResult> Index(string slug, string? code, [FromQuery(Name = "PROLIFIC_PID")] string? prolificPid, CancellationToken cancellationToken)
    {
        // Anonymous visitors may arrive here (they are sent to register); signed-in staff accounts may not take part.
        if (User.Identity?.IsAuthenticated == true && !(await authorization.AuthorizeAsync(User, Policies.Participant)).Succeeded)
        {
            return Forbid();
        }
        if (User.Identity?.IsAuthenticated == true && await sessions.FindAsync(slug, ParticipantUser.Id(User), cancellationToken) is not null)
        {
            return Redirect($"/study/{Uri.EscapeDataString(slug)}");
        }
        var (study, unavailable) = await OpenStudyAsync(slug, cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }
        var (entry, refusal) = await DecideEntryAsync(study!, code, prolificPid, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect("/account/register?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));
        }
        var definition = study!.Definition;
        return View("Consent", new ConsentViewModel(slug, definition.Title, definition.Consent.Text, definition.Consent.AgreeLabel,
            entry.Kind == EntryKind.Invite ? entry.Code : null, entry.Kind == EntryKind.Prolific ? entry.Code : null));
    }

    [HttpPost("")]
    [Authorize(Policy = Policies.Participant)]
    public async Task<IActionResult> Consent(string slug, string? decision, string? code, [FromForm(Name = "PROLIFIC_PID")] string? prolificPid, CancellationToken cancellationToken)
    {
        if (await sessions.FindAsync(slug, ParticipantUser.Id(User), cancellationToken) is not null)
        {
            return Redirect($"/study/{Uri.EscapeDataString(slug)}");
        }
        var (study, unavailable) = await OpenStudyAsync(slug, cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
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
        var (entry, refusal) = await DecideEntryAsync(study!, code, prolificPid, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var definition = study!.Definition;
        var design = new AssignmentDesign(definition.Conditions.Cells.Select(c => c.Id).ToArray(),
            definition.Conditions.Cells.Select(c => c.Weight).ToArray(), definition.Assignment.Seed);
        try
        {
            await participants.EnrolAsync(new EnrolmentRequest(study.Version.StudyId, study.Version.Id, ParticipantUser.Id(User), entry.Kind, entry.Code, FirstPage: 1),
                design, clock.GetUtcNow(), cancellationToken);
        }
        catch (EnrolmentRefusedException e)
        {
            return Message(StatusCodes.Status403Forbidden, "This invitation cannot be used", e.Message);
        }
        return Redirect($"/study/{Uri.EscapeDataString(slug)}");
    }

    private async Task<(LoadedStudy? Study, IActionResult? Unavailable)> OpenStudyAsync(string slug, CancellationToken cancellationToken)
    {
        if (preparation.IsPreparing(slug))
        {
            return (null, View("Message", new MessageViewModel("This study is being prepared",
                "The models and explanations for this study are being built. This takes a minute; this page reloads by itself.", RefreshSoon: true)));
        }
        var study = await catalog.FindCurrentAsync(slug, cancellationToken);
        if (study is null)
        {
            return (null, preparation.FailureOf(slug) is { } failure
                ? Message(StatusCodes.Status503ServiceUnavailable, "This study is not available", "It could not be prepared: " + failure)
                : Message(StatusCodes.Status404NotFound, "No such study", "Check the link you were given; it may be mistyped."));
        }
        if (study.Version.Status != StudyStatus.Open)
        {
            return (null, Message(StatusCodes.Status403Forbidden, "This study is not accepting participants",
                study.Version.Status == StudyStatus.Paused ? "It is paused for now; please try again later." : "It has closed. Thank you for your interest."));
        }
        return (study, null);
    }

    private async Task<((EntryKind Kind, string? Code) Entry, IActionResult? Refusal)> DecideEntryAsync(LoadedStudy study, string? code, string? prolificPid, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(prolificPid) && !ProlificPattern().IsMatch(prolificPid))
        {
            return (default, Message(StatusCodes.Status400BadRequest, "This link is incomplete", "The Prolific participant id in the link is not valid. Open the study again from Prolific."));
        }
        switch (study.Definition.Enrolment.Mode)
        {
            case EnrolmentMode.Invite:
                if (string.IsNullOrEmpty(code))
                {
                    return (default, Message(StatusCodes.Status403Forbidden, "This study is by invitation",
                        "Use the link from your invitation; it carries your personal code."));
                }
                if (!CodePattern().IsMatch(code))
                {
                    return (default, Message(StatusCodes.Status400BadRequest, "This invitation link is damaged", "The code in the link is not valid. Copy the whole link from your invitation."));
                }
                var invite = await participants.FindInviteCodeAsync(code, cancellationToken);
                if (invite is null || invite.StudyId != study.Version.StudyId)
                {
                    return (default, Message(StatusCodes.Status403Forbidden, "This invitation cannot be used", "The code in the link is not a code of this study. Check the link you were sent."));
                }
                if (invite.UsedBy is not null)
                {
                    return (default, Message(StatusCodes.Status403Forbidden, "This invitation cannot be used",
                        "This invitation has already been used. Each invitation admits one person; if it was yours, sign in with the account you used."));
                }
                return ((EntryKind.Invite, code), null);
            case EnrolmentMode.Prolific:
                return string.IsNullOrEmpty(prolificPid)
                    ? (default, Message(StatusCodes.Status403Forbidden, "Open this study from Prolific", "This study recruits through Prolific; use the link on the Prolific study page."))
                    : ((EntryKind.Prolific, prolificPid), null);
            default:
                return string.IsNullOrEmpty(prolificPid) ? ((EntryKind.Open, null), null) : ((EntryKind.Prolific, prolificPid), null);
        }
    }

    private ViewResult Message(int status, string title, string message, string? linkText = null, string? linkUrl = null)
    {
        Response.StatusCode = status;
        return View("Message", new MessageViewModel(title, message, linkText ?? "Back to the home page", linkUrl ?? "/"));
    }
}
