using Microsoft.AspNetCore.Mvc;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Models;
using MisuseLab.Web.Areas.Facilitator.Services;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>The facilitator's start page: every study with its versions, status, hash and participants per cell.</summary>
public sealed class HomeController(StudyRepository studies, StudyMonitorRepository monitor, LaunchJobs launches)
    : FacilitatorController(studies, monitor, launches)
{
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var counts = await CountsAsync(cancellationToken);
        var list = new List<StudySummary>();
        foreach (var study in await Studies.ListStudiesAsync(cancellationToken))
        {
            list.Add(new StudySummary(study, await SummariesAsync(study, counts, cancellationToken)));
        }
        return View(new StudiesViewModel(list));
    }
}
