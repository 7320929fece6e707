using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <summary>
/// Reads the fields of one defect object, recording a path-named error for every field of the wrong type and for
/// every field the defect does not know, so one pass reports everything wrong with a specification.
/// </summary>
internal sealed class DefectJsonReader
{
    private readonly JsonElement _object;
    private readonly List<DefectSpecError> _errors;
    private readonly List<string> _known = ["name"];

    public DefectJsonReader(JsonElement obj, string path, List<DefectSpecError> errors)
    {
        _object = obj;
        Path = path;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>Where nested readers (such as <see cref="RowCondition"/>) add their errors.</summary>
    public List<DefectSpecError> Errors => _errors;

    public double Number(string field, double defaultValue) => OptionalNumber(field) ?? defaultValue;

    public double? OptionalNumber(string field)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        Error(field, "a number", value);
        return null;
    }

    public string String(string field, string defaultValue) => OptionalString(field) ?? defaultValue;

    public string? OptionalString(string field)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Error(field, "a string", value);
        return null;
    }

    public double[]? OptionalNumbers(string field)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) { Error(field, "an array of numbers", value); return null; }
        var result = new double[value.GetArrayLength()];
        var i = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out var number)) result[i] = number;
            else { _errors.Add(new($"{Path}.{field}[{i}]", $"expected a number; found {Describe(item)}.")); ok = false; }
            i++;
        }
        return ok ? result : null;
    }

    public string[]? OptionalStrings(string field)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) { Error(field, "an array of strings", value); return null; }
        var result = new string[value.GetArrayLength()];
        var i = 0;
        var ok = true;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) result[i] = item.GetString()!;
            else { _errors.Add(new($"{Path}.{field}[{i}]", $"expected a string; found {Describe(item)}.")); ok = false; }
            i++;
        }
        return ok ? result : null;
    }

    /// <summary>A nested object field (e.g. a row condition), or null when absent; anything else is a typed error.</summary>
    public JsonElement? OptionalObject(string field)
    {
        if (!TryGet(field, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object) return value;
        Error(field, "an object", value);
        return null;
    }

    /// <summary>Call after reading every field: each remaining property is an unknown field.</summary>
    public void RejectUnknownFields(string defectName)
    {
        foreach (var property in _object.EnumerateObject())
        {
            if (!_known.Contains(property.Name, StringComparer.Ordinal))
                _errors.Add(new($"{Path}.{property.Name}", $"'{defectName}' has no field '{property.Name}'; expected only: {string.Join(", ", _known)}."));
        }
    }

    private bool TryGet(string field, out JsonElement value)
    {
        _known.Add(field);
        return _object.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private void Error(string field, string expected, JsonElement found) =>
        _errors.Add(new($"{Path}.{field}", $"expected {expected}; found {Describe(found)}."));

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
