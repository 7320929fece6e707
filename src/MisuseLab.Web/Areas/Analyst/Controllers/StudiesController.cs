using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Reports;
using MisuseLab.Platform.Access;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Areas.Analyst.Services;

namespace MisuseLab.Web.Areas.Analyst.Controllers;

/// <summary>A code typed on the manipulation-check page for one free-text answer.</summary>
public sealed class CodeInput
{
    public string Pseudonym { get; set; } = "";
    public string Item { get; set; } = "";
    public string? Code { get; set; }
}

/// <summary>
/// <c>/analyst/studies</c> (list), <c>/analyst/studies/{slug}</c> (analysis), <c>/analyst/studies/{slug}/manipulation</c>
/// (manipulation check and free-text coding), <c>/analyst/studies/{slug}/export.zip</c>. Analysts and admins only
/// (others get 403); pages show pseudonyms, never accounts.
/// </summary>
[Area("Analyst")]
[Authorize(Policy = Policies.Analyst)]
[Route("analyst/studies")]
public sealed class StudiesController(
    StudyRepository studies,
    StudyDatasetLoader loader,
    FreeTextCodeRepository codeRepository,
    AuditLog audit,
    StudyAccess access,
    TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await access.VisibleStudiesAsync(User.Staff()!, cancellationToken));

    /// <summary><paramref name="includePilot"/>: count pilot participants too (left out by default).</summary>
    [HttpGet("{slug}")]
    public async Task<IActionResult> Analysis(string slug, bool includePilot, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, includeWithdrawn: false, cancellationToken, includePilot);
        return data is null ? NotFound() : View(StudyAnalysis.Analyze(data));
    }

    [HttpGet("{slug}/manipulation")]
    public async Task<IActionResult> Manipulation(string slug, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, includeWithdrawn: false, cancellationToken);
        return data is null ? NotFound() : View(StudyAnalysis.Analyze(data));
    }

    /// <summary>Saves every code of the form, or none: an unknown answer or a too-long code answers 400 and stores nothing.</summary>
    [HttpPost("{slug}/codes")]
    public async Task<IActionResult> SaveCodes(string slug, [FromForm] List<CodeInput> codes, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, includeWithdrawn: false, cancellationToken);
        if (data is null) return NotFound();
        var answers = data.Responses.Where(r => r.Item.Question.Kind == Study.Definitions.QuestionKind.Text)
            .ToDictionary(r => (r.Participant.Pseudonym, r.Item.ItemId));
        var errors = new List<string>();
        var accepted = new List<(DatasetResponse Answer, string Code)>();
        foreach (var input in codes ?? [])
        {
            if (!answers.TryGetValue((input.Pseudonym, input.Item), out var answer))
            {
                errors.Add($"No free-text answer '{input.Item}' of participant {input.Pseudonym} in this study.");
                continue;
            }
            if (answer.Participant.Record.Status is not (ParticipantStatus.Completed or ParticipantStatus.Abandoned))
            {
                errors.Add($"Participant {input.Pseudonym} has not finished; code their answers once the session ends.");
                continue;
            }
            try
            {
                var normalised = FreeTextCodeRepository.Normalise(input.Code);
                if (!string.Equals(normalised, answer.Code ?? "", StringComparison.Ordinal)) accepted.Add((answer, normalised));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{input.Pseudonym} / {input.Item}: {e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Errors"] = errors;
            return View(nameof(Manipulation), StudyAnalysis.Analyze(data));
        }
        if (accepted.Count > 0)
        {
            // The codes and their audit entry commit together.
            await codeRepository.SetManyAsync([.. accepted.Select(a => (a.Answer.Participant.Record.Id, a.Answer.Item.ItemId, (string?)a.Code))], clock.GetUtcNow(),
                audit.InTransaction<int>(n => new AuditRecord(Actor(), "codes.saved", $"study/{slug}", JsonSerializer.Serialize(new { count = n }))), cancellationToken);
        }
        TempData["Saved"] = $"{accepted.Count} code(s) saved.";
        return Redirect($"/analyst/studies/{Uri.EscapeDataString(slug)}/manipulation");
    }

    [HttpGet("{slug}/export.zip")]
    public async Task<IActionResult> Export(string slug, bool includeWithdrawn, bool includePilot, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, includeWithdrawn, cancellationToken, includePilot);
        if (data is null) return NotFound();
        var exported = await audit.AppendAsync(Actor(), "study.exported", $"study/{slug}/version/{data.Version.Id}",
            JsonSerializer.Serialize(new { participants = data.Participants.Count, include_withdrawn = includeWithdrawn, include_pilot = includePilot }), cancellationToken);

        // Streamed: the zip is written straight into the response as StudyExporter produces it, never held in memory.
        // The exporter and ZipArchive write synchronously, so this one response allows synchronous I/O.
        HttpContext.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        Response.ContentType = "application/zip";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{data.Version.Slug}-{data.Version.Version}-export.zip");
        Response.Headers.ContentDisposition = disposition.ToString();
        using (var zip = new ZipExportTarget(Response.Body))
        {
            StudyExporter.Write(data, zip, new AuditHead(exported.Seq, exported.Hash));
        }
        return new EmptyResult();
    }

    private async Task<StudyDataset?> LoadAsync(string slug, bool includeWithdrawn, CancellationToken cancellationToken, bool includePilot = false) =>
        await studies.FindStudyAsync(slug, cancellationToken) is null || (await studies.ListVersionsAsync(slug, cancellationToken)).Count == 0
            ? null
            : await loader.LoadAsync(slug, new DatasetOptions(includeWithdrawn, includePilot), cancellationToken);

    private string Actor() => AuditActor.User(long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture));
}
