using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <summary>
/// One entry of a study's <c>"defects"</c> list: a defect name with its parameters, and the JSON path it came from
/// (errors found later, against the data, name that path). Parse it from JSON or build it in code (presets).
/// </summary>
public sealed record DefectSpec(DefectParameters Parameters, string Path)
{
    public string Name => Parameters.DefectName;

    /// <summary>Every defect name and how its fields are read.</summary>
    private static readonly Dictionary<string, Func<DefectJsonReader, DefectParameters>> Catalog = new(StringComparer.Ordinal)
    {
        [MeanImputedAgeParameters.Name] = MeanImputedAgeParameters.Parse,
        [MissingValuesParameters.Name] = MissingValuesParameters.Parse,
        [RedundantFeatureParameters.Name] = RedundantFeatureParameters.Parse,
        [DuplicateRowsParameters.Name] = DuplicateRowsParameters.Parse,
        [AdHocBinningParameters.Name] = AdHocBinningParameters.Parse,
        [DataDriftParameters.Name] = DataDriftParameters.Parse,
        [LabelNoiseParameters.Name] = LabelNoiseParameters.Parse,
        [RelabelledCategoryParameters.Name] = RelabelledCategoryParameters.Parse,
    };

    public static IReadOnlyCollection<string> DefectNames => Catalog.Keys;

    public IDefect CreateDefect() => Parameters.CreateDefect(Path);

    /// <summary>Parses one defect object, e.g. <c>{"name": "mean-imputed-age", "rate": 0.1, "value": 38}</c>.</summary>
    /// <exception cref="DefectSpecException">Lists every bad or unknown field with its JSON path.</exception>
    public static DefectSpec Parse(JsonElement element, string jsonPath)
    {
        var errors = new List<DefectSpecError>();
        var spec = TryParse(element, jsonPath, errors);
        if (errors.Count > 0 || spec is null) throw new DefectSpecException(errors);
        return spec;
    }

    /// <summary>Parses a JSON array of defect objects, reporting the errors of all of them at once.</summary>
    public static IReadOnlyList<DefectSpec> ParseList(JsonElement array, string jsonPath)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw new DefectSpecException(jsonPath, $"expected an array of defects; found {DefectJsonReader.Describe(array)}.");
        var errors = new List<DefectSpecError>();
        var specs = new List<DefectSpec>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (TryParse(item, $"{jsonPath}[{i}]", errors) is { } spec) specs.Add(spec);
            i++;
        }
        if (errors.Count > 0) throw new DefectSpecException(errors);
        return specs;
    }

    /// <summary>For validators that collect errors from a whole study file: adds errors instead of throwing.</summary>
    public static DefectSpec? TryParse(JsonElement element, string jsonPath, List<DefectSpecError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(jsonPath, $"expected a defect object such as {{\"name\": \"label-noise\", \"rate\": 0.02}}; found {DefectJsonReader.Describe(element)}."));
            return null;
        }
        if (!element.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new($"{jsonPath}.name", $"expected the defect's name, one of: {string.Join(", ", Catalog.Keys)}; found {(nameElement.ValueKind == JsonValueKind.Undefined ? "no \"name\"" : DefectJsonReader.Describe(nameElement))}."));
            return null;
        }
        var name = nameElement.GetString()!;
        if (!Catalog.TryGetValue(name, out var parse))
        {
            errors.Add(new($"{jsonPath}.name", $"expected one of: {string.Join(", ", Catalog.Keys)}; found \"{name}\"."));
            return null;
        }
        var before = errors.Count;
        var reader = new DefectJsonReader(element, jsonPath, errors);
        var parameters = parse(reader);
        reader.RejectUnknownFields(name);
        // Range checks only once the fields have types: a wrongly typed field already has its error.
        if (errors.Count == before) parameters.Validate(jsonPath, errors);
        return errors.Count == before ? new DefectSpec(parameters, jsonPath) : null;
    }

    public void WriteJson(Utf8JsonWriter writer) => Parameters.WriteJson(writer);
}
