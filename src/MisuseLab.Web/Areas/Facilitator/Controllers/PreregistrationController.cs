using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Power;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>The version's power page: the declared effect and the participants it needs (null estimate: none declared).</summary>
public sealed record PowerPageModel(StudyVersionRecord Version, DeclaredPowerPlan? Plan, PowerEstimate? Estimate);

/// <summary>
/// <c>/facilitator/versions/{id}/power</c> (participants needed for the declared power, by simulation, computed once per
/// study hash) and <c>/facilitator/versions/{id}/prereg.md</c> (the preregistration, from the moment the version is
/// launched — before any participant — stamped with the study hash). Both read only the frozen study file.
/// </summary>
[Route("facilitator/versions/{id:long}")]
public sealed class PreregistrationController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StudyLaunch launches,
    DeclaredPower power,
    AuditLog audit) : FacilitatorController(studies, monitor, launches)
{
    [HttpGet("power")]
    public async Task<IActionResult> Power(long id, CancellationToken cancellationToken)
    {
        var (version, definition) = await LoadAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (definition is null) return Invalid(version);
        return View(new PowerPageModel(version, power.Plan(definition), await power.EstimateAsync(version.StudyHash, definition, cancellationToken)));
    }

    [HttpGet("prereg.md")]
    public async Task<IActionResult> Prereg(long id, CancellationToken cancellationToken)
    {
        var (version, definition) = await LoadAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (version.LaunchedAt is null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Content($"Version {version.Version} of '{version.Slug}' is a draft: a preregistration is written from the frozen study, so launch it first.", "text/plain", Encoding.UTF8);
        }
        if (definition is null) return Invalid(version);
        var text = PreregistrationDocument.Write(version, definition, power.Plan(definition), await power.EstimateAsync(version.StudyHash, definition, cancellationToken));
        await audit.AppendAsync(Actor, "prereg.downloaded", $"study/{version.Slug}/version/{version.Id}", JsonSerializer.Serialize(new { study_hash = version.StudyHash }), cancellationToken);
        return File(Encoding.UTF8.GetBytes(text), "text/markdown; charset=utf-8", $"{version.Slug}-{version.Version}-prereg.md");
    }

    private async Task<(StudyVersionRecord? Version, StudyDefinition? Definition)> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        return (version, version is null ? null : StudyValidator.Validate(version.DefinitionJson, $"{version.Slug} {version.Version}").Definition);
    }

    private IActionResult Invalid(StudyVersionRecord version)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Content($"The stored definition of '{version.Slug}' {version.Version} no longer validates; open the version page for its errors.", "text/plain", Encoding.UTF8);
    }
}
