using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// Builds every stimulus a study version shows: per cell, the content of each page and each forward-simulation
/// trial. Slow (it trains models), so it runs once when a version is launched; pages are served from the database.
/// </summary>
public interface IStudyStimulusBuilder
{
    IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress);

    /// <summary>
    /// The stimuli and, when <paramref name="sanitySeeds"/> &gt; 0, the sanity checks of every explainer of the built
    /// study (<see cref="StudySanityChecks"/>) as JSON. A builder that trains no models (a test double) reports none.
    /// </summary>
    StudyBuildResult BuildWithSanity(StudyDefinition definition, string dataDirectory, int sanitySeeds, IProgress<string>? progress) =>
        new(Build(definition, dataDirectory, progress), null);
}

/// <summary>What launching builds: the placed stimuli, and the sanity report's JSON (null when not computed).</summary>
public sealed record StudyBuildResult(IReadOnlyList<StimulusEntry> Stimuli, string? SanityJson);
