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
    TimeProvider clock) : FacilitatorController(studies, monitor, launches)
{
    /// <summary><paramref name="dropAfter"/> (minutes, optional) overrides the configured drop-out time for this view.</summary>
    [HttpGet("versions/{id:long}/monitor")]
    public async Task<IActionResult> Monitor(long id, int? dropAfter, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        var definition = StudyValidator.Validate(version.DefinitionJson).Definition;
        var minutes = dropAfter is >= 1 and <= 10_080 ? dropAfter.Value : options.Value.DropAfterMinutes;
        var activity = await Monitoring.ListActivityAsync(id, cancellationToken);
        var summary = MonitorSummary.Build(
            definition?.Conditions.Cells.Select(c => c.Id).ToList() ?? [],
            definition?.Pages.Select(p => p.Id).ToList() ?? [],
            activity, clock.GetUtcNow(), TimeSpan.FromMinutes(minutes));
        var study = await Studies.FindStudyAsync(version.Slug, cancellationToken);
        return View(new MonitorViewModel(version, study?.CurrentVersionId == id, summary, options.Value.MonitorRefreshSeconds, definition?.Enrolment.TargetParticipants));
    }

    [HttpGet("studies/{slug}/audit")]
    public async Task<IActionResult> Audit(string slug, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        var entries = await audit.ForStudyAsync(slug, cancellationToken);
        return View(new AuditViewModel(study, entries, await verifier.VerifyAsync(cancellationToken)));
    }
}
