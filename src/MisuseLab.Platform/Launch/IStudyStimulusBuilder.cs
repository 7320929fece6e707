using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Launch;

/// <summary>
/// Builds every stimulus a study version shows: per cell, the content of each page and each forward-simulation
/// trial. Slow (it trains models), so it runs once when a version is launched; pages are served from the database.
/// </summary>
public interface IStudyStimulusBuilder
{
    IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress);
}
