using System.Text.Json;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Studies;

/// <summary>
/// Imports a study file, builds its stimuli once and launches it: the version is frozen (definition JSON and hash
/// stored), every stimulus is stored, then the version opens. A version whose stimuli are already stored is never
/// rebuilt, so a restart or a second web node only re-opens it.
/// </summary>
public sealed class StudyLauncher(
    StudyRepository studies,
    StimulusRepository stimuli,
    IStudyStimulusBuilder builder,
    AuditLog audit,
    TimeProvider clock,
    IOptions<MisuseLabOptions> options,
    ILogger<StudyLauncher> logger)
{
    /// <summary>Validates, imports, builds (when needed) and launches the study file at <paramref name="path"/>.</summary>
    /// <exception cref="StudyValidationException">The file is invalid; nothing was stored.</exception>
    public async Task<StudyVersionRecord> LaunchFileAsync(string path, string actor, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        var result = StudyValidator.Validate(json, path);
        var definition = result.Definition ?? throw new StudyValidationException(path, result.Errors);
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, result.Hash!, json, clock.GetUtcNow(), cancellationToken);

        var stored = await stimuli.CountAsync(version.Id, cancellationToken);
        if (stored == 0)
        {
            var dataDirectory = AdultDataLocator.Resolve(null, options.Value.DataDir);
            logger.LogInformation("Building stimuli of {Study} {Version} (hash {Hash}) from {Data}.", definition.Id, definition.Version, version.StudyHash, dataDirectory);
            var started = clock.GetTimestamp();
            var entries = await Task.Run(() => builder.Build(definition, dataDirectory, progress), cancellationToken);
            await stimuli.StoreAsync(version.Id, entries, cancellationToken);
            stored = entries.Count;
            logger.LogInformation("Stored {Count} stimuli of {Study} in {Seconds:F1} s.", stored, definition.Id, clock.GetElapsedTime(started).TotalSeconds);
        }

        var launched = await studies.LaunchAsync(version.Id, clock.GetUtcNow(), cancellationToken);
        await audit.AppendAsync(actor, "study.launched", $"study/{definition.Id}/version/{version.Id}",
            JsonSerializer.Serialize(new { hash = version.StudyHash, version = definition.Version, stimuli = stored }), cancellationToken);
        return launched;
    }
}
