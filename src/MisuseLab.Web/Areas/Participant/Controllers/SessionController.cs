using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Remedies;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Participant.Models;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Areas.Participant.Controllers;

/// <summary>
/// The session, one page at a time: <c>/study/{slug}</c> sends the participant to where they are;
/// <c>/study/{slug}/background</c>, <c>/study/{slug}/page/{n}</c> (n indexes the study's pages; 0 is the consent),
/// <c>/study/{slug}/finish</c> at the debrief, <c>/study/{slug}/done</c> afterwards; <c>/study/{slug}/withdraw</c>
/// (<see cref="WithdrawController"/>) from any of them.
/// Navigation rule: only the current page can be seen or submitted. A request for any other page — later (skipping)
/// or earlier (the back button) — redirects to the current one, so answers are given only with the page's own
/// stimulus on screen and cannot be revised with hindsight; reloading, going back, or closing the tab and signing
/// in again all land on the current page with its saved answers filled in.
/// </summary>
[Area("Participant")]
// Participants only: a staff account taking part would mix test sessions into the study's data.
[Authorize(Policy = Policies.Participant)]
[Route("study/{slug}")]
public sealed class SessionController(SessionService sessions, SignInLinks links) : Controller
{
    private const string FormContent = "application/x-www-form-urlencoded";
    private const string MultipartContent = "multipart/form-data";

    [HttpGet("")]
    public async Task<IActionResult> Resume(string slug, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        return session is null ? await NotInSessionAsync(slug, cancellationToken) : RedirectToCurrent(session);
    }

    [HttpGet("background")]
    public async Task<IActionResult> Background(string slug, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        if (session.Participant.Status != ParticipantStatus.Consented) return RedirectToCurrent(session);
        return View(BackgroundModel(session, new Dictionary<string, string>(), new Dictionary<string, string>()));
    }

    [HttpPost("background")]
    [Consumes(FormContent, MultipartContent)] // any other body: 415, rather than a failure reading Request.Form
    public async Task<IActionResult> SubmitBackground(string slug, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        if (session.Participant.Status != ParticipantStatus.Consented) return RedirectToCurrent(session);
        var form = FormValues();
        var result = await sessions.SubmitBackgroundAsync(session, form, cancellationToken);
        if (result.Status == SaveStatus.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Background", BackgroundModel(session, form, result.Errors));
        }
        return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}");
    }

    [HttpGet("page/{index:int}")]
    public async Task<IActionResult> Page(string slug, int index, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        if (session.Participant.Status != ParticipantStatus.Active || index != session.Participant.CurrentPage) return RedirectToCurrent(session);
        await sessions.RecordViewAsync(session, cancellationToken);
        var saved = await sessions.AnswersAsync(session, cancellationToken);
        return await RenderPageAsync(session, saved, new Dictionary<string, string>(), cancellationToken);
    }

    [HttpPost("page/{index:int}")]
    [Consumes(FormContent, MultipartContent)]
    public async Task<IActionResult> SubmitPage(string slug, int index, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        // A stale form (second tab, back button, double click) never changes another page: go to the current one.
        // (A stale form that passes this check because the page was submitted after it was read is refused by storage.)
        if (session.Participant.Status != ParticipantStatus.Active || index != session.Participant.CurrentPage || session.IsAtDebrief) return RedirectToCurrent(session);
        var form = FormValues();
        long? clientDwell = long.TryParse(Request.Form["dwell_ms"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d >= 0 ? d : null;
        var result = await sessions.SubmitPageAsync(session, form, clientDwell, cancellationToken);
        if (result.Status == SaveStatus.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            var values = new Dictionary<string, string>(await sessions.AnswersAsync(session, cancellationToken), StringComparer.Ordinal);
            foreach (var (k, v) in form) values[k] = v;
            return await RenderPageAsync(session, values, result.Errors, cancellationToken);
        }
        // Saved, or PageLeft: the page was submitted while this request ran (the other click of a double click, another
        // tab) and nothing of this form was stored. Either way the participant continues on the page they are on now.
        return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}");
    }

    [HttpPost("finish")]
    public async Task<IActionResult> Finish(string slug, string? choice, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        // Withdrawal asks first, from any page (WithdrawController); an old debrief form's "withdraw" lands there.
        if (choice == "withdraw") return RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}/withdraw");
        if (choice != "complete") return RedirectToCurrent(session);
        if (!await sessions.CompleteAsync(session, cancellationToken)) return RedirectToCurrent(session);
        var url = session.Definition.Enrolment.CompletionUrl;
        return url is not null ? RedirectSeeOther(url) : RedirectSeeOther($"/study/{Uri.EscapeDataString(slug)}/done");
    }

    [HttpGet("done")]
    public async Task<IActionResult> Done(string slug, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(slug, ParticipantUser.Key(User), cancellationToken);
        if (session is null) return await NotInSessionAsync(slug, cancellationToken);
        var p = session.Participant;
        if (p.IsInProgress) return RedirectToCurrent(session);
        if (p.Status == ParticipantStatus.ScreenedOut)
        {
            // No debrief: they saw no condition, so there is nothing to reveal.
            return View("Message", new MessageViewModel("Thank you for your interest", session.Definition.Screening?.EndMessage ?? ScreeningRule.DefaultMessage, "Back to the home page", "/"));
        }
        if (p.Status == ParticipantStatus.Abandoned)
        {
            return View("Message", new MessageViewModel("This session has ended",
                "Your session was closed because it was inactive for a long time. Contact the study team if you think this is a mistake.", "Back to the home page", "/"));
        }
        return View(new DoneViewModel(session.Definition.Title, p.Status == ParticipantStatus.Withdrawn, p.CompletionCode, session.Definition.Enrolment.CompletionUrl,
            ParticipantUser.LinkToken(User) is { } token ? ResumeController.UrlFor(Request, token) : null));
    }

    private async Task<IActionResult> RenderPageAsync(SessionState session, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var page = session.CurrentPage;
        var progress = new Progress(session.Participant.CurrentPage, session.Definition.Pages.Count - 1);
        var slug = session.Study.Version.Slug;
        if (page.Kind == PageKind.Debrief)
        {
            var definition = session.Definition;
            if (definition.Enrolment.CompletionUrl is { } completion) SecurityHeadersMiddleware.AllowFormActionTo(HttpContext, completion);
            return View("Debrief", new DebriefViewModel(slug, definition.Title, page, progress, DebriefText.Compose(definition),
                definition.Debrief.ConditionTexts.TryGetValue(session.Participant.CellId, out var text) ? text : "", definition.Enrolment.CompletionUrl is not null));
        }
        var content = await sessions.LoadContentAsync(session, page, cancellationToken);
        var questions = page.Questions.Select(q => new QuestionView(q, AnswerItem.ItemsOf([q]), values, errors,
            content.Trials.TryGetValue(q.Id, out var trial) ? trial : null) { Choices = TaskChoices(session.Definition, q), Marks = page.Marks }).ToList();
        return View("Page", new PageViewModel(slug, session.Definition.Title, session.Participant.CurrentPage, page, progress, content.Page, questions, errors.Count > 0)
        {
            RemedyScore = TaskAnswers.ShownScore(session, values),
        });
    }

    private static IReadOnlyList<(string Value, string Label)> TaskChoices(StudyDefinition definition, QuestionDefinition q) => q.Kind switch
    {
        QuestionKind.Locate => [.. LocateColumns.All.Select(c => (c.Name, c.Label))],
        QuestionKind.Remedy => [.. definition.Remedies.Select(r => (r.Id, r.Label))],
        _ => [],
    };

    private static BackgroundViewModel BackgroundModel(SessionState session, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors) =>
        new(session.Study.Version.Slug, session.Definition.Title,
            DefaultBackground.For(session.Definition).Select(q => new QuestionView(q, AnswerItem.ItemsOf([q]), values, errors, null)).ToList(), errors.Count > 0);

    private Dictionary<string, string> FormValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form)
        {
            if (key.StartsWith("answer.", StringComparison.Ordinal))
            {
                values[key["answer.".Length..]] = value.ToString();
            }
            else if (key.StartsWith(TaskForm.Prefix, StringComparison.Ordinal))
            {
                values[key] = value.ToString(); // the fields of a locate or remedy answer, kept whole (TaskForm)
            }
        }
        return values;
    }

    // No session here: to the join page — unless this browser holds a link that was withdrawn, which gets the reason and
    // is signed out (a link of another study just does not open this one: to its join page, like any visitor).
    private async Task<IActionResult> NotInSessionAsync(string slug, CancellationToken cancellationToken)
    {
        if (ParticipantUser.LinkToken(User) is { } token && (await links.ResolveAsync(token, cancellationToken)).Refusal is { } refusal)
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return ResumeController.Refused(this, refusal);
        }
        return Redirect($"/join/{Uri.EscapeDataString(slug)}");
    }

    private IActionResult RedirectToCurrent(SessionState session)
    {
        var slug = Uri.EscapeDataString(session.Study.Version.Slug);
        var p = session.Participant;
        return p.Status switch
        {
            ParticipantStatus.Consented => RedirectSeeOther($"/study/{slug}/background"),
            ParticipantStatus.Active => RedirectSeeOther($"/study/{slug}/page/{p.CurrentPage.ToString(CultureInfo.InvariantCulture)}"),
            _ => RedirectSeeOther($"/study/{slug}/done"),
        };
    }

    // 303: after a POST the browser must GET the target, and the back button never re-posts a form.
    private IActionResult RedirectSeeOther(string url)
    {
        Response.Headers.Location = url;
        return StatusCode(StatusCodes.Status303SeeOther);
    }
}
