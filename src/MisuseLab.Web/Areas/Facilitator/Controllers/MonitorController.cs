using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MisuseLab.Platform;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>The live monitor of a version and the audit trail of a study.</summary>
[Route("facilitator")]
public sealed class MonitorController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    StudyAudit audit,
    AuditVerifier verifier,
    IOptions<FacilitatorOptions> options,
    TimeProvider clock,
    Platform.Pilots.PilotRuns pilots) : FacilitatorController(studies, monitor, launches)
{
    /// <summary><paramref name="dropAfter"/> (minutes, optional) overrides the configured drop-out time for this view.</summary>
    [HttpGet("versions/{id:long}/monitor")]
    public async Task<IActionResult> Monitor(long id, int? dropAfter, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        var (summary, target) = await SummaryAsync(version, dropAfter, cancellationToken);
        var study = await Studies.FindStudyAsync(version.Slug, cancellationToken);
        return View(new MonitorViewModel(version, study?.CurrentVersionId == id, summary, options.Value.MonitorRefreshSeconds, target) { PilotRun = PilotMessage(version) });
    }

    /// <summary>
    /// The monitor's numbers as JSON (<see cref="MonitorSnapshot"/>), fetched by wwwroot/js/monitor.js every refresh
    /// period so the page updates in place instead of reloading. Same role check as the page; never cached.
    /// </summary>
    [HttpGet("versions/{id:long}/monitor/counts")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> Counts(long id, int? dropAfter, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return Problem(statusCode: StatusCodes.Status404NotFound, title: "No such study version", detail: $"Expected an existing study version id; found {id}.");
        var (summary, target) = await SummaryAsync(version, dropAfter, cancellationToken);
        return Json(MonitorSnapshot.From(summary, target, PilotMessage(version)));
    }

    /// <summary>
    /// Where a launch of the version stands, as JSON: <c>state</c> is "building", "launched", "failed" or null (no launch
    /// since the app started), <c>message</c> the job's last word. The version page polls it while it shows "building".
    /// </summary>
    [HttpGet("versions/{id:long}/launch-status")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public IActionResult Launch(long id)
    {
        var job = Launches.Find(id);
        return Json(new { state = job?.State.ToString().ToLowerInvariant(), message = job?.Message });
    }

    private async Task<(MonitorSummary Summary, int? Target)> SummaryAsync(StudyVersionRecord version, int? dropAfter, CancellationToken cancellationToken)
    {
        var definition = StudyValidator.Validate(version.DefinitionJson).Definition;
        var minutes = dropAfter is >= 1 and <= 10_080 ? dropAfter.Value : options.Value.DropAfterMinutes;
        var activity = await Monitoring.ListActivityAsync(version.Id, cancellationToken);
        var summary = MonitorSummary.Build(
            definition?.Conditions.Cells.Select(c => c.Id).ToList() ?? [],
            definition?.Pages.Select(p => p.Id).ToList() ?? [],
            activity, clock.GetUtcNow(), TimeSpan.FromMinutes(minutes));
        return (summary, definition?.Enrolment.TargetParticipants);
    }

    /// <summary>Where the study's latest pilot run of this version stands, in words (null when none ran since start-up).</summary>
    private string? PilotMessage(StudyVersionRecord version) => pilots.Find(version.Slug) is { } run && run.VersionId == version.Id ? run.Message : null;

    [HttpGet("studies/{slug}/audit")]
    public async Task<IActionResult> Audit(string slug, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        var entries = await audit.ForStudyAsync(slug, cancellationToken);
        return View(new AuditViewModel(study, entries, await verifier.VerifyAsync(cancellationToken: cancellationToken)));
    }
}
