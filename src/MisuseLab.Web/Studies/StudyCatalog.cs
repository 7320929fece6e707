using System.Collections.Concurrent;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Studies;

/// <summary>A launched version with its parsed definition.</summary>
public sealed record LoadedStudy(StudyVersionRecord Version, StudyDefinition Definition)
{
    public int PageIndexOf(string pageId)
    {
        for (var i = 0; i < Definition.Pages.Count; i++)
        {
            if (Definition.Pages[i].Id == pageId) return i;
        }
        return -1;
    }
}

/// <summary>
/// Reads study versions and parses their frozen definition JSON once per version (a version never changes, so the
/// parsed definition is cached for the life of the process; only the status is re-read on every call).
/// </summary>
public sealed class StudyCatalog(StudyRepository studies)
{
    private readonly ConcurrentDictionary<long, StudyDefinition> _definitions = new();

    /// <summary>The version participants of <paramref name="slug"/> join, or null when there is none.</summary>
    public async Task<LoadedStudy?> FindCurrentAsync(string slug, CancellationToken cancellationToken)
    {
        var version = await studies.FindCurrentVersionAsync(slug, cancellationToken);
        return version is null ? null : new LoadedStudy(version, DefinitionOf(version));
    }

    public async Task<LoadedStudy?> FindVersionAsync(long versionId, CancellationToken cancellationToken)
    {
        var version = await studies.FindVersionAsync(versionId, cancellationToken);
        return version is null ? null : new LoadedStudy(version, DefinitionOf(version));
    }

    public StudyDefinition DefinitionOf(StudyVersionRecord version) => _definitions.GetOrAdd(version.Id, _ =>
    {
        var result = StudyValidator.Validate(version.DefinitionJson, $"study_versions/{version.Id}");
        return result.Definition ?? throw new StudyValidationException($"study_versions/{version.Id}", result.Errors);
    });
}
