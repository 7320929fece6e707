using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>A problem with one defect's parameters, at a path relative to its "params" object ("" for the object itself).</summary>
public sealed record DefectParameterProblem(string RelativePath, string Message, string Hint);

/// <summary>
/// The defects a study may inject. <see cref="Defects.DefectSpecCatalog"/> implements it with the defects module's
/// own parser; study validation calls it for every defect listed in a study file.
/// </summary>
public interface IDefectCatalog
{
    IReadOnlyCollection<string> Names { get; }

    /// <summary>Problems with <paramref name="parameters"/> for the defect <paramref name="name"/> (a known name); empty when fine.</summary>
    IReadOnlyList<DefectParameterProblem> CheckParameters(string name, JsonElement parameters);
}
