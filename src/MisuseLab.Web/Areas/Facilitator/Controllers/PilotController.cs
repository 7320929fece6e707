using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Pilots;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>"Pilot with N bots" on a study's page: starts <see cref="PilotRuns"/> and sends the facilitator to the monitor.</summary>
[Route("facilitator/studies/{slug}/pilot")]
public sealed class PilotController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    PilotRuns pilots) : FacilitatorController(studies, monitor, launches)
{
    [HttpPost("")]
    public async Task<IActionResult> Start(string slug, int? bots, string? policy, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        var version = study.CurrentVersionId is { } id ? await Studies.FindVersionAsync(id, cancellationToken) : null;
        var (run, refusal) = version is null
            ? (null, $"{slug} has no launched version to pilot; launch it first.")
            : bots is not { } n
                ? (null, $"Expected a number of bots from 1 to {PilotRuns.MaxBots}; found '{Request.Form["bots"]}'.")
                : await pilots.StartAsync(study, version, n, string.IsNullOrEmpty(policy) ? PilotRuns.Policies[0] : policy, Actor, cancellationToken);
        if (run is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["PilotProblem"] = refusal;
            return View("~/Areas/Facilitator/Views/Studies/Study.cshtml",
                new StudyViewModel(study, await SummariesAsync(study, await CountsAsync(cancellationToken), cancellationToken)));
        }
        return Redirect($"/facilitator/versions/{run.VersionId}/monitor");
    }
}
