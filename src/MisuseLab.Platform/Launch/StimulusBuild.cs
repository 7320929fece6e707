using Microsoft.Extensions.Options;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// Validates a stored version's frozen definition and makes sure its stimuli are stored: built (models trained,
/// explanations computed) only when none are, so a restart or a second node never rebuilds. Stimuli are stored in one
/// transaction, so a build that stops half way leaves nothing behind.
/// </summary>
public sealed class StimulusBuild(StimulusRepository stimuli, IStudyStimulusBuilder builder, IOptions<MisuseLabOptions> options)
{
    /// <summary>Number of stimuli stored for <paramref name="version"/> once this returns.</summary>
    /// <exception cref="StudyValidationException">The stored definition is invalid; nothing was built.</exception>
    public async Task<int> EnsureAsync(StudyVersionRecord version, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var source = $"{version.Slug} {version.Version}";
        var result = StudyValidator.Validate(version.DefinitionJson, source);
        var definition = result.Definition ?? throw new StudyValidationException(source, result.Errors);
        var count = await stimuli.CountAsync(version.Id, cancellationToken);
        if (count > 0)
        {
            return count;
        }
        progress.Report("Building stimuli (training models and computing explanations)…");
        var dataDirectory = AdultDataLocator.Resolve(null, options.Value.DataDir);
        var entries = await Task.Run(() => builder.Build(definition, dataDirectory, progress), cancellationToken);
        progress.Report($"Storing {entries.Count} stimuli…");
        await stimuli.StoreAsync(version.Id, entries, cancellationToken);
        return entries.Count;
    }
}
