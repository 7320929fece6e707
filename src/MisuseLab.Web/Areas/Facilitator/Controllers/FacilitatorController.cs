using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>What every facilitator controller shares: the role check, the acting account, version look-ups.</summary>
[Area("Facilitator")]
[Authorize(Policy = Policies.Facilitator)]
public abstract class FacilitatorController(StudyRepository studies, StudyMonitorRepository monitor, StudyLaunch launches) : Controller
{
    protected StudyRepository Studies => studies;

    protected StudyMonitorRepository Monitoring => monitor;

    protected StudyLaunch Launches => launches;

    /// <summary>The audit actor: the signed-in account's pseudonymous id (<see cref="AuditActor"/>).</summary>
    protected string Actor => AuditActor.User(long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture));

    protected async Task<IReadOnlyList<VersionSummary>> SummariesAsync(StudyRecord study, IReadOnlyList<CellStatusCount> counts, CancellationToken cancellationToken)
    {
        var versions = await studies.ListVersionsAsync(study.Slug, cancellationToken);
        return versions.OrderByDescending(v => v.Id)
            .Select(v => new VersionSummary(v, v.Id == study.CurrentVersionId, counts.Where(c => c.StudyVersionId == v.Id).ToList(), launches.Find(v.Id)))
            .ToList();
    }

    protected Task<IReadOnlyList<CellStatusCount>> CountsAsync(CancellationToken cancellationToken) => monitor.CountAllAsync(cancellationToken);

    protected IActionResult NotFoundPage(string what)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("NotFound", what);
    }
}
