using System.Collections.Concurrent;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Studies;

/// <summary>
/// What serving a launched version needs, derived once from its frozen definition: the definition, its answer items
/// (by id and by page), and the assignment design the assigner runs (<see cref="StudyAssignment.Design"/>, which
/// scales the cells' weights to the study's block_size).
/// </summary>
public sealed class StudyRuntime
{
    private readonly Dictionary<string, AnswerItem> _itemsById;
    private readonly IReadOnlyList<AnswerItem>[] _itemsByPage;

    public StudyRuntime(StudyDefinition definition)
    {
        Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        Items = AnswerItem.ItemsOf(definition);
        _itemsById = Items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
        _itemsByPage = [.. definition.Pages.Select((_, index) => (IReadOnlyList<AnswerItem>)[.. Items.Where(i => i.PageIndex == index)])];
        Background = AnswerItem.ItemsOf(DefaultBackground.For(definition));
        Design = StudyAssignment.Design(definition);
    }

    public StudyDefinition Definition { get; }

    /// <summary>Every item of the pages, in page order.</summary>
    public IReadOnlyList<AnswerItem> Items { get; }

    /// <summary>The background questions' items (the study's own, or the defaults).</summary>
    public IReadOnlyList<AnswerItem> Background { get; }

    public AssignmentDesign Design { get; }

    public AnswerItem? FindItem(string itemId) => _itemsById.GetValueOrDefault(itemId);

    public IReadOnlyList<AnswerItem> ItemsOfPage(int pageIndex) => _itemsByPage[pageIndex];

    public int PageIndexOf(string pageId)
    {
        for (var i = 0; i < Definition.Pages.Count; i++)
        {
            if (Definition.Pages[i].Id == pageId) return i;
        }
        return -1;
    }
}

/// <summary>A launched version with its runtime.</summary>
public sealed record LoadedStudy(StudyVersionRecord Version, StudyRuntime Runtime)
{
    public StudyDefinition Definition => Runtime.Definition;

    public int PageIndexOf(string pageId) => Runtime.PageIndexOf(pageId);
}

/// <summary>
/// Reads study versions and derives their runtime once per version (a version never changes, so it is cached for the
/// life of the process; only the status is re-read on every call).
/// </summary>
public sealed class StudyCatalog(StudyRepository studies)
{
    private readonly ConcurrentDictionary<long, StudyRuntime> _runtimes = new();
    private readonly ConcurrentDictionary<long, LoadedStudy> _frozen = new();

    /// <summary>The version participants of <paramref name="slug"/> join, or null when there is none.</summary>
    public async Task<LoadedStudy?> FindCurrentAsync(string slug, CancellationToken cancellationToken)
    {
        var version = await studies.FindCurrentVersionAsync(slug, cancellationToken);
        return version is null ? null : new LoadedStudy(version, RuntimeOf(version));
    }

    public async Task<LoadedStudy?> FindVersionAsync(long versionId, CancellationToken cancellationToken)
    {
        var version = await studies.FindVersionAsync(versionId, cancellationToken);
        return version is null ? null : new LoadedStudy(version, RuntimeOf(version));
    }

    /// <summary>
    /// A version's frozen parts (slug, definition, runtime) for serving its participants' pages: read once per process.
    /// Its <see cref="StudyVersionRecord.Status"/> is as first read; callers that need the current status (enrolment,
    /// facilitator pages) use <see cref="FindVersionAsync"/>. Participants already enrolled continue while a study is
    /// paused, so their pages never need it.
    /// </summary>
    public async Task<LoadedStudy?> FindFrozenAsync(long versionId, CancellationToken cancellationToken)
    {
        if (_frozen.TryGetValue(versionId, out var cached))
        {
            return cached;
        }
        var loaded = await FindVersionAsync(versionId, cancellationToken);
        return loaded is null ? null : _frozen.GetOrAdd(versionId, loaded);
    }

    public StudyDefinition DefinitionOf(StudyVersionRecord version) => RuntimeOf(version).Definition;

    public StudyRuntime RuntimeOf(StudyVersionRecord version) => _runtimes.GetOrAdd(version.Id, _ =>
    {
        var result = StudyValidator.Validate(version.DefinitionJson, $"study_versions/{version.Id}");
        return new StudyRuntime(result.Definition ?? throw new StudyValidationException($"study_versions/{version.Id}", result.Errors));
    });
}
