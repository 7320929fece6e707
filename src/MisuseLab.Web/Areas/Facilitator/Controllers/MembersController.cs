using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Access;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>
/// Adding and removing a study's members from the study page (<see cref="StudyAccess"/> does the work and the audit);
/// the page itself is <see cref="StudiesController.Study"/>. Only members and admins get here (StudyAccessFilter).
/// </summary>
[Route("facilitator/studies/{slug}/members")]
public sealed class MembersController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    StudyAccess access) : FacilitatorController(studies, monitor, launches)
{
    [HttpPost("")]
    public async Task<IActionResult> Add(string slug, string? email, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        return Done(slug, await access.AddAsync(study, email, Actor, cancellationToken));
    }

    [HttpPost("remove")]
    public async Task<IActionResult> Remove(string slug, long? member, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        if (member is null)
        {
            return Done(slug, new MembershipChange(false, "Expected the member to remove; the form named none."));
        }
        return Done(slug, await access.RemoveAsync(study, member.Value, Actor, cancellationToken));
    }

    /// <summary>Back to the study page, whose status region announces what happened.</summary>
    private RedirectResult Done(string slug, MembershipChange change)
    {
        TempData[change.Changed ? "notice" : "problem"] = change.Message;
        return Redirect($"/facilitator/studies/{Uri.EscapeDataString(slug)}#members");
    }
}
