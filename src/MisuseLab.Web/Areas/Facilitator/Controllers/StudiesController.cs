using MisuseLab.Study.Pipeline;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using MisuseLab.Platform.Access;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Web.Areas.Facilitator.Models;

namespace MisuseLab.Web.Areas.Facilitator.Controllers;

/// <summary>Import, inspect, edit, launch and version studies; open, pause and close launched versions.</summary>
[Route("facilitator")]
public sealed class StudiesController(
    StudyRepository studies,
    StudyMonitorRepository monitor,
    StimulusRepository stimuli,
    StudyDrafts drafts,
    StudyLifecycle lifecycle,
    StudyLaunch launches,
    StudyAccess access) : FacilitatorController(studies, monitor, launches)
{
    [HttpGet("import")]
    public IActionResult Import() => View(new ImportViewModel(null, null, [], null));

    [HttpPost("import")]
    [RequestSizeLimit(StudyDrafts.MaxJsonBytes * 2)]
    public async Task<IActionResult> Import(IFormFile? file, string? json, CancellationToken cancellationToken)
    {
        string text;
        string name;
        if (file is { Length: > 0 })
        {
            if (file.Length > StudyDrafts.MaxJsonBytes)
            {
                return ImportFailed(null, file.FileName, $"The file is {file.Length:N0} bytes; a study file may have at most {StudyDrafts.MaxJsonBytes:N0}.");
            }
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken);
            name = Path.GetFileName(file.FileName);
        }
        else if (!string.IsNullOrWhiteSpace(json))
        {
            text = json;
            name = "pasted JSON";
        }
        else
        {
            return ImportFailed(json, null, "Choose a study file or paste its JSON, then import.");
        }
        var outcome = await drafts.ImportAsync(text, name, User.Staff()!, cancellationToken);
        if (!outcome.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new ImportViewModel(text, name, outcome.Errors, outcome.Problem));
        }
        TempData["notice"] = $"Imported {outcome.Version!.Slug} {outcome.Version.Version} as a draft.";
        return RedirectToAction(nameof(Version), new { id = outcome.Version.Id });
    }

    [HttpGet("studies/{slug}")]
    public async Task<IActionResult> Study(string slug, [FromServices] Enrolment enrolment, CancellationToken cancellationToken)
    {
        var study = await Studies.FindStudyAsync(slug, cancellationToken);
        if (study is null) return NotFoundPage($"study {slug}");
        var panelPath = await enrolment.PanelEntryPathAsync(slug, cancellationToken);
        return View(new StudyViewModel(study, await SummariesAsync(study, await CountsAsync(cancellationToken), cancellationToken),
            panelPath is null ? null : $"{Request.Scheme}://{Request.Host}{panelPath}")
        {
            Members = await access.MembersAsync(study.Id, cancellationToken),
            Notice = TempData["notice"] as string,
            Problem = TempData["problem"] as string,
        });
    }

    [HttpGet("versions/{id:long}")]
    public async Task<IActionResult> Version(long id, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        return View(await VersionModelAsync(version, TempData["notice"] as string, TempData["problem"] as string, cancellationToken));
    }

    [HttpGet("versions/{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (version.Status != StudyStatus.Draft) return Frozen(version);
        var definition = StudyValidator.Validate(version.DefinitionJson).Definition!;
        return View(new EditViewModel(version, definition, DraftEditInput.From(definition), version.DefinitionJson, [], null));
    }

    [HttpPost("versions/{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, DraftEditInput input, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (version.Status != StudyStatus.Draft) return Frozen(version);
        if (!ModelState.IsValid)
        {
            return EditFailed(version, input, version.DefinitionJson, [], "Weights, block size and target must be whole numbers.");
        }
        var outcome = await drafts.EditAsync(version, input.ToEdit(), Actor, cancellationToken);
        if (!outcome.Succeeded)
        {
            var attempted = TryApply(version.DefinitionJson, input) ?? version.DefinitionJson;
            return EditFailed(version, input, attempted, outcome.Errors, outcome.Problem);
        }
        TempData["notice"] = outcome.Version!.StudyHash == version.StudyHash ? "Nothing changed." : "Saved: the draft validates.";
        return RedirectToAction(nameof(Version), new { id });
    }

    [HttpPost("versions/{id:long}/json")]
    [RequestSizeLimit(StudyDrafts.MaxJsonBytes * 2)]
    public async Task<IActionResult> EditJson(long id, string? json, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (version.Status != StudyStatus.Draft) return Frozen(version);
        var text = json ?? "";
        var outcome = await drafts.ReplaceAsync(version, text, "json", Actor, cancellationToken);
        if (!outcome.Succeeded)
        {
            var definition = StudyValidator.Validate(version.DefinitionJson).Definition!;
            return EditFailed(version, DraftEditInput.From(definition), text, outcome.Errors, outcome.Problem);
        }
        TempData["notice"] = outcome.Version!.StudyHash == version.StudyHash ? "Nothing changed." : "Saved: the draft validates.";
        return RedirectToAction(nameof(Version), new { id });
    }

    [HttpPost("versions/{id:long}/launch")]
    public async Task<IActionResult> Launch(long id, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        if (version.Status != StudyStatus.Draft) return Frozen(version);
        if (Launches.TryEnqueue(version, Actor, out var job))
        {
            TempData["notice"] = "Launch started: the stimuli are being built.";
        }
        else
        {
            TempData["problem"] = $"This version is being launched already (started by {job.Actor} at {job.QueuedAt:HH:mm:ss} UTC).";
        }
        return RedirectToAction(nameof(Version), new { id });
    }

    [HttpPost("versions/{id:long}/new-version")]
    public async Task<IActionResult> NewVersion(long id, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        var outcome = await drafts.NewVersionFromAsync(version, Actor, cancellationToken);
        if (!outcome.Succeeded)
        {
            TempData["problem"] = outcome.Problem ?? "The new version does not validate: " + string.Join("; ", outcome.Errors.Select(e => e.ToString()));
            return RedirectToAction(nameof(Version), new { id });
        }
        TempData["notice"] = $"Created draft {outcome.Version!.Version} from {version.Version}.";
        return RedirectToAction(nameof(Edit), new { id = outcome.Version.Id });
    }

    [HttpPost("versions/{id:long}/status")]
    public async Task<IActionResult> Status(long id, string? target, CancellationToken cancellationToken)
    {
        var version = await Studies.FindVersionAsync(id, cancellationToken);
        if (version is null) return NotFoundPage($"study version {id}");
        StudyStatus? wanted = target switch { "open" => StudyStatus.Open, "paused" => StudyStatus.Paused, "closed" => StudyStatus.Closed, _ => null };
        if (wanted is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Version", await VersionModelAsync(version, null, $"Expected target open, paused or closed; found '{target}'.", cancellationToken));
        }
        var refusal = await lifecycle.ChangeAsync(version, wanted.Value, Actor, cancellationToken);
        if (refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Version", await VersionModelAsync(version, null, refusal, cancellationToken));
        }
        TempData["notice"] = $"Version {version.Version} is now {target}.";
        return RedirectToAction(nameof(Version), new { id });
    }

    private async Task<VersionViewModel> VersionModelAsync(StudyVersionRecord version, string? notice, string? problem, CancellationToken cancellationToken)
    {
        var result = StudyValidator.Validate(version.DefinitionJson, $"{version.Slug} {version.Version}");
        var study = await Studies.FindStudyAsync(version.Slug, cancellationToken);
        var counts = (await CountsAsync(cancellationToken)).Where(c => c.StudyVersionId == version.Id).ToList();
        return new VersionViewModel(version, result.Definition, result.Errors, study?.CurrentVersionId == version.Id,
            await stimuli.CountAsync(version.Id, cancellationToken), Launches.Find(version.Id), counts, notice, problem,
            await Studies.FindSanityAsync(version.Id, cancellationToken) is { } sanity ? StudySanityReport.FromJson(sanity.ReportJson) : null);
    }

    /// <summary>Edits of a launched version are refused with 409 and the way forward.</summary>
    private IActionResult Frozen(StudyVersionRecord version)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Frozen", version);
    }

    private ViewResult ImportFailed(string? json, string? fileName, string problem)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Import), new ImportViewModel(json, fileName, [], problem));
    }

    private ViewResult EditFailed(StudyVersionRecord version, DraftEditInput input, string json, IReadOnlyList<StudyError> errors, string? problem)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        var definition = StudyValidator.Validate(version.DefinitionJson).Definition!;
        return View(nameof(Edit), new EditViewModel(version, definition, input, json, errors, problem));
    }

    private static string? TryApply(string json, DraftEditInput input)
    {
        try
        {
            return DraftJsonEditor.Apply(json, input.ToEdit());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
