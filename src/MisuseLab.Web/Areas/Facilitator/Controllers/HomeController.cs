using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Access;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>The facilitator's start page: every study the account may see (a member of, or all for an admin) with its versions, status, hash and participants per cell.</summary>
public sealed class HomeController(StudyRepository studies, StudyMonitorRepository monitor, StudyLaunch launches, StudyAccess access)
    : FacilitatorController(studies, monitor, launches)
{
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var counts = await CountsAsync(cancellationToken);
        var list = new List<StudySummary>();
        foreach (var study in await access.VisibleStudiesAsync(User.Staff()!, cancellationToken))
        {
            list.Add(new StudySummary(study, await SummariesAsync(study, counts, cancellationToken)));
        }
        return View(new StudiesViewModel(list));
    }
}
