using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Models;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>Invite codes of a study: generate (shown once), list used and unused (masked), revoke a code or a participant's links.</summary>
[Route("facilitator/studies/{slug}/invites")]
public sealed class InvitesController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    StudyCatalog catalog,
    InviteCodes invites,
    SignInLinks links) : FacilitatorController(studies, monitor, launches)
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        return View(await ModelAsync(study, [], null, cancellationToken));
    }

    [HttpPost("")]
    public async Task<IActionResult> Generate(string slug, int? count, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        if (count is not { } n || n < 1 || n > InviteCodes.MaxPerRequest)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ModelAsync(study, [], $"Expected a number of codes from 1 to {InviteCodes.MaxPerRequest}; found '{Request.Form["count"]}'.", cancellationToken));
        }
        var created = await invites.GenerateAsync(study, n, Actor, cancellationToken);
        // Shown once: the page with the codes must not be cached by the browser or a proxy.
        Response.Headers.CacheControl = "no-store";
        return View(nameof(Index), await ModelAsync(study, created, null, cancellationToken));
    }

    /// <summary>Revokes an invite code (unused: it admits no one; used: its holder's links sign in nothing) or a participant's links by pseudonym.</summary>
    [HttpPost("revoke")]
    public async Task<IActionResult> Revoke(string slug, string? target, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        if (string.IsNullOrWhiteSpace(target) || !await links.RevokeAsync(study, target, Actor, cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await ModelAsync(study, [], $"Expected an invite code or a participant pseudonym (P-…) of {slug}; found '{target}'.", cancellationToken));
        }
        return View(nameof(Index), await ModelAsync(study, [], null, cancellationToken, $"Revoked: {(target.Trim().StartsWith("P-", StringComparison.Ordinal) ? target.Trim() : InviteCodes.Mask(target.Trim()))}. Its links no longer sign anyone in."));
    }

    private async Task<InviteCodeViewModel> ModelAsync(Storage.Studies.StudyRecord study, IReadOnlyList<string> created, string? problem, CancellationToken cancellationToken, string? notice = null)
    {
        var current = study.CurrentVersionId is null ? null : await catalog.FindCurrentAsync(study.Slug, cancellationToken);
        return new InviteCodeViewModel(study, current?.Definition, await Monitoring.ListInviteCodesAsync(study.Id, cancellationToken), created, problem, notice);
    }
}
