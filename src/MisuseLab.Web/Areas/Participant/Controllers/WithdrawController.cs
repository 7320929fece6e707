using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage.Participants;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Participant.Models;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// Withdrawal from any page of a session (background, content pages, debrief): every page carries a small form that
/// POSTs here; without <c>confirm=yes</c> the answer is the confirmation page, which states what will be deleted;
/// with it, <see cref="ParticipantWithdrawal"/> erases the participant. GET shows the confirmation too (a link, a reload).
/// </summary>
[Area("Participant")]
[Authorize(Policy = Policies.Participant)]
[Route("study/{slug}/withdraw")]
public sealed class WithdrawController(SessionService sessions, ParticipantWithdrawal withdrawal) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Confirm(string slug, CancellationToken cancellationToken) => ConfirmationAsync(slug, cancellationToken);

    [HttpPost("")]
    public async Task<IActionResult> Withdraw(string slug, string? confirm, CancellationToken cancellationToken)
    {
        if (confirm != "yes") return await ConfirmationAsync(slug, cancellationToken);
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return RedirectSeeOther($"/join/{Uri.EscapeDataString(slug)}");
        if (!session.Participant.IsInProgress) return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}");
        var title = session.Definition.Title;
        if (!await withdrawal.WithdrawAsync(session, cancellationToken)) return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}");
        return View("Message", new MessageViewModel("You have withdrawn",
            $"You have left \"{title}\". Your answers, the record of the pages you saw, your place in the study and the invitation code you used have been deleted. Thank you for your time.",
            "Back to the home page", "/"));
    }

    private async Task<IActionResult> ConfirmationAsync(string slug, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        // Not enrolled (here: a link of another study opens nothing) goes to the entrance, as every study page does;
        // finished: there is no session in progress to leave, and the study page says where they are.
        if (session is null) return RedirectSeeOther($"/join/{Uri.EscapeDataString(slug)}");
        if (!session.Participant.IsInProgress) return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}");
        var answers = await sessions.AnswersAsync(session, cancellationToken);
        return View("Withdraw", new WithdrawViewModel(session.Study.Version.Slug, session.Definition.Title, answers.Count,
            session.Participant.Entry == EntryKind.Invite, ReturnUrl(session)));
    }

    private static string ReturnUrl(SessionState session)
    {
        var slug = Uri.EscapeDataString(session.Study.Version.Slug);
        return session.Participant.Status == ParticipantStatus.Consented
            ? $"/study/{slug}/background"
            : $"/study/{slug}/page/{session.Participant.CurrentPage.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    // 303: after a POST the browser must GET the target.
    private IActionResult RedirectSeeOther(string url)
    {
        Response.Headers.Location = url;
        return StatusCode(StatusCodes.Status303SeeOther);
    }
}
