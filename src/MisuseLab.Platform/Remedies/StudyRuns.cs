using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Platform.Remedies;

/// <summary>
/// The defect run (data and manifest) of each launched version, computed once per process on first use: locate
/// answers are scored against its manifest. Deterministic, so a restart computes the very same manifest.
/// </summary>
public sealed class StudyRuns(IOptions<MisuseLabOptions> options)
{
    private readonly ConcurrentDictionary<long, Lazy<DefectRun>> _runs = new();

    public DefectRun Of(long versionId, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _runs.GetOrAdd(versionId, _ => new Lazy<DefectRun>(() =>
            StudyData.Prepare(definition.Data, AdultDataLocator.Resolve(null, options.Value.DataDir)).Run)).Value;
    }
}
