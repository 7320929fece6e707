using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>A problem with one defect's parameters, at a path relative to its "params" object ("" for the object itself).</summary>
public sealed record DefectParameterProblem(string RelativePath, string Message, string Hint);

/// <summary>
/// The defects a study may inject. The defects module implements this to check parameters too; study
/// validation calls it for every defect listed in a study file.
/// </summary>
public interface IDefectCatalog
{
    IReadOnlyCollection<string> Names { get; }

    /// <summary>Problems with <paramref name="parameters"/> for the defect <paramref name="name"/> (a known name); empty when fine.</summary>
    IReadOnlyList<DefectParameterProblem> CheckParameters(string name, JsonElement parameters);
}

/// <summary>The defect names of the Kaur et al. (2020) setting; checks names only (the defects module checks parameters).</summary>
public sealed class KnownDefects : IDefectCatalog
{
    public static readonly KnownDefects Instance = new();

    public IReadOnlyCollection<string> Names { get; } =
        ["mean-imputed-age", "missing-values", "redundant-feature", "duplicate-rows", "ad-hoc-binning", "data-drift", "label-noise"];

    public IReadOnlyList<DefectParameterProblem> CheckParameters(string name, JsonElement parameters) => [];
}
