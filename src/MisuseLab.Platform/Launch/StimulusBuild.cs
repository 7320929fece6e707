using Microsoft.Extensions.Options;
using MisuseLab.Platform.Remedies;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// Validates a stored version's frozen definition and makes sure its stimuli are stored: built (models trained,
/// explanations computed) only when none are, so a restart or a second node never rebuilds. The same build runs the
/// sanity checks of every explainer (<see cref="MisuseLabOptions.SanitySeeds"/> seeds) and stores them with the version
/// and its study hash. Stimuli are stored in one
/// transaction, so a build that stops half way leaves nothing behind.
/// </summary>
/// <remarks>A study with a remedy menu also gets its remedy scores precomputed here (<see cref="RemedyScores"/>), before it opens.</remarks>
public sealed class StimulusBuild(StimulusRepository stimuli, StudyRepository studies, IStudyStimulusBuilder builder, IOptions<MisuseLabOptions> options, TimeProvider clock, RemedyScores? remedies = null)
{
    /// <summary>Number of stimuli stored for <paramref name="version"/> once this returns.</summary>
    /// <exception cref="StudyValidationException">The stored definition is invalid; nothing was built.</exception>
    public async Task<int> EnsureAsync(StudyVersionRecord version, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var source = $"{version.Slug} {version.Version}";
        var result = StudyValidator.Validate(version.DefinitionJson, source);
        var definition = result.Definition ?? throw new StudyValidationException(source, result.Errors);
        if (remedies is not null && definition.Remedies.Count > 0)
        {
            await remedies.EnsurePrecomputedAsync(version, definition, progress, cancellationToken);
        }
        var count = await stimuli.CountAsync(version.Id, cancellationToken);
        if (count > 0)
        {
            return count;
        }
        progress.Report("Building stimuli (training models and computing explanations)…");
        var dataDirectory = AdultDataLocator.Resolve(null, options.Value.DataDir);
        var built = await Task.Run(() => builder.BuildWithSanity(definition, dataDirectory, options.Value.SanitySeeds, progress), cancellationToken);
        progress.Report($"Storing {built.Stimuli.Count} stimuli…");
        await stimuli.StoreAsync(version.Id, built.Stimuli, cancellationToken);
        if (built.SanityJson is { } sanity)
        {
            await studies.StoreSanityAsync(version.Id, version.StudyHash, sanity, clock.GetUtcNow(), cancellationToken);
        }
        return built.Stimuli.Count;
    }
}
