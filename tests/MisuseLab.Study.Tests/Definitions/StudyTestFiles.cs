using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

internal static class StudyTestFiles
{
    public static string StudiesDirectory =>
        StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above the test output folder.");

    public static string Path(string name) => System.IO.Path.Combine(StudiesDirectory, name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static JsonObject Node(string name) => JsonNode.Parse(Text(name))!.AsObject();

    public static string Indented(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    public static StudyValidationResult Validate(JsonNode node, IDefectCatalog? defects = null) => StudyValidator.Validate(Indented(node), "test.json", defects);

    public static IReadOnlyList<(string Code, string Path)> CodesAndPaths(StudyValidationResult result) =>
        result.Errors.Select(e => (e.Code, e.Path)).OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Code, StringComparer.Ordinal).ToList();
}
