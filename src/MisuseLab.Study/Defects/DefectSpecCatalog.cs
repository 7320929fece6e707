using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Defects;

/// <summary>
/// Study validation's view of the defects module: a study file lists <c>{"name": …, "params": {…}}</c>, and its
/// parameters are checked by the same parser that later applies them, so a file that validates also injects.
/// </summary>
public sealed class DefectSpecCatalog : IDefectCatalog
{
    public static readonly DefectSpecCatalog Instance = new();

    public IReadOnlyCollection<string> Names => DefectSpec.DefectNames;

    public IReadOnlyList<DefectParameterProblem> CheckParameters(string name, JsonElement parameters)
    {
        var errors = new List<DefectSpecError>();
        DefectSpec.TryParse(ToSpecJson(name, parameters), "$", errors);
        return [.. errors.Select(e => new DefectParameterProblem(
            e.Path == "$" ? "" : e.Path[1..], e.Message, $"See the parameters of '{name}' in studies/README.md."))];
    }

    /// <summary>A study file's defect as one flat object, the form <see cref="DefectSpec.Parse"/> reads.</summary>
    public static JsonElement ToSpecJson(string name, JsonElement parameters)
    {
        var json = new JsonObject { ["name"] = name };
        if (parameters.ValueKind == JsonValueKind.Object)
            foreach (var property in parameters.EnumerateObject())
                json[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        return JsonSerializer.SerializeToElement(json);
    }

    public static DefectSpec Parse(DefectDefinition defect, string jsonPath) => DefectSpec.Parse(ToSpecJson(defect.Name, defect.Parameters), jsonPath);
}
