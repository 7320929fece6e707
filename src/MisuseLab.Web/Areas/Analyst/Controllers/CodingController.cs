using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Analysis.Coding;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Account;

namespace MisuseLab.Web.Areas.Analyst.Controllers;

/// <summary>A code typed on the blind coding page for the answer behind <see cref="Token"/>.</summary>
public sealed class BlindCodeInput
{
    public string Token { get; set; } = "";
    public string? Code { get; set; }
}

/// <summary>What the blind coding page shows: the study's name and this coder's sheet, nothing about cells.</summary>
public sealed record BlindCodingPage(string Slug, string Version, IReadOnlyList<BlindAnswer> Answers);

/// <summary>
/// <c>/analyst/studies/{slug}/coding</c>: free-text coding blind to cell. Each analyst codes as themself (codes stored
/// per coder); the page shows answers by opaque token only and never another coder's codes. Agreement (κ per code) is
/// on the analysis page and in the export.
/// </summary>
[Area("Analyst")]
[Authorize(Policy = Policies.Analyst)]
[Route("analyst/studies/{slug}/coding")]
public sealed class CodingController(
    StudyRepository studies,
    StudyDatasetLoader loader,
    CoderCodeRepository coderCodes,
    AuditLog audit,
    BlindTokenKey tokenKey,
    TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string slug, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, cancellationToken);
        return data is null ? NotFound() : View(Page(data));
    }

    /// <summary>Saves every code of the form, or none: an unknown token or a too-long code answers 400 and stores nothing.</summary>
    [HttpPost("")]
    public async Task<IActionResult> Save(string slug, [FromForm] List<BlindCodeInput> codes, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(slug, cancellationToken);
        if (data is null) return NotFound();
        var codable = BlindCodingSheet.Codable(data, tokenKey);
        var errors = new List<string>();
        var accepted = new List<(DatasetResponse Answer, string Code)>();
        foreach (var input in codes ?? [])
        {
            if (!codable.TryGetValue(input.Token ?? "", out var answer))
            {
                errors.Add($"No codable free-text answer with token '{input.Token}' in this study (answers of unfinished participants are coded once their session ends).");
                continue;
            }
            try
            {
                accepted.Add((answer, FreeTextCodeRepository.Normalise(input.Code)));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{input.Token}: {e.Message}");
            }
        }
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ViewData["Errors"] = errors;
            return View(nameof(Index), Page(data));
        }
        var now = clock.GetUtcNow();
        foreach (var (answer, code) in accepted)
        {
            await coderCodes.SetAsync(answer.Participant.Record.Id, answer.Item.ItemId, CoderId(), code, now, cancellationToken);
        }
        if (accepted.Count > 0)
        {
            await audit.AppendAsync(AuditActor.User(CoderId()), "codes.blind.saved", $"study/{slug}", JsonSerializer.Serialize(new { count = accepted.Count }), cancellationToken);
        }
        TempData["Saved"] = $"{accepted.Count} code(s) saved.";
        return Redirect($"/analyst/studies/{Uri.EscapeDataString(slug)}/coding");
    }

    private BlindCodingPage Page(StudyDataset data) => new(data.Version.Slug, data.Version.Version, BlindCodingSheet.For(data, CoderId(), tokenKey));

    private async Task<StudyDataset?> LoadAsync(string slug, CancellationToken cancellationToken) =>
        await studies.FindStudyAsync(slug, cancellationToken) is null || (await studies.ListVersionsAsync(slug, cancellationToken)).Count == 0
            ? null
            : await loader.LoadAsync(slug, new DatasetOptions(), cancellationToken);

    private long CoderId() => long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
}
