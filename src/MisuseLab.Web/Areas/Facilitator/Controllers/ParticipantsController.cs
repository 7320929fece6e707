using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>
/// Deleting a participant's data on their request (they quote their pseudonym or completion code): find, confirm
/// (the page says who and what will be deleted), erase through <see cref="ParticipantWithdrawal"/>.
/// </summary>
[Route("facilitator/studies/{slug}/participants")]
public sealed class ParticipantsController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    ParticipantWithdrawal withdrawal) : FacilitatorController(studies, monitor, launches)
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        return study is null ? NotFoundPage($"study {slug}") : View(new ParticipantDeletionViewModel(study, null, null, null, null));
    }

    /// <summary>Without <c>confirm=yes</c>: finds the participant and asks; with it: erases.</summary>
    [HttpPost("delete")]
    public async Task<IActionResult> Delete(string slug, string? reference, string? confirm, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        if (confirm == "yes")
        {
            var outcome = await withdrawal.EraseOnRequestAsync(slug, reference, Actor, cancellationToken);
            if (outcome.Status == ErasureStatus.Erased)
            {
                return View(nameof(Index), new ParticipantDeletionViewModel(study, null, null,
                    $"Participant {outcome.Pseudonym} was deleted: answers, events, codes, invite code and their place in the schedule. The audit log records the deletion under this pseudonym.", null));
            }
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View(nameof(Index), new ParticipantDeletionViewModel(study, reference, null, null, ParticipantWithdrawal.Explain(outcome.Status, slug, reference)));
        }
        var (status, found) = await withdrawal.FindAsync(slug, reference, cancellationToken);
        if (found is null)
        {
            Response.StatusCode = string.IsNullOrWhiteSpace(reference) ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound;
            return View(nameof(Index), new ParticipantDeletionViewModel(study, reference, null, null,
                string.IsNullOrWhiteSpace(reference) ? "Enter the participant's pseudonym or completion code." : ParticipantWithdrawal.Explain(status, slug, reference)));
        }
        return View(nameof(Index), new ParticipantDeletionViewModel(study, reference, found, null, null));
    }
}
