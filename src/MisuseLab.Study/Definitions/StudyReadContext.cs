using System.Text.Json;
using System.Text.RegularExpressions;

namespace MisuseLab.Study.Definitions;

/// <summary>Collects errors while a study file is read; every error gets its file position from the position map.</summary>
internal sealed partial class StudyReadContext(JsonPositionMap positions)
{
    private readonly List<StudyError> _errors = [];

    public IReadOnlyList<StudyError> Errors => _errors;

    public void Error(string code, string path, string message, string hint)
    {
        var pos = positions.Find(path);
        _errors.Add(new StudyError(code, path, message, hint, pos?.Line, pos?.Column));
    }

    public ObjectReader Object(JsonElement element, string path, params string[] allowed) => new(this, element, path, allowed);

    /// <summary>Checks a lower-case slug id (letters, digits, hyphens; starts with a letter or digit; up to 64 characters).</summary>
    public string Id(string? value, string path)
    {
        if (value is null) return "";
        if (!Slug().IsMatch(value))
            Error(StudyErrorCodes.BadIdentifier, path, $"Expected an id of lower-case letters, digits and hyphens (1–64 characters, starting with a letter or digit); found '{value}'.",
                "Use a slug such as \"shap-inverted\" or \"local-misclassified\".");
        return value;
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Short(e.GetRawText())}",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…\"";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Slug();
}

/// <summary>
/// Reads one JSON object: reports properties not in the allowed list (STUDY004) and duplicates (STUDY005) on
/// construction, then typed getters report missing (STUDY002) and mistyped (STUDY003) values and return null.
/// When the element is not an object at all, one STUDY003 is reported and the getters stay silent.
/// </summary>
internal sealed class ObjectReader
{
    private readonly StudyReadContext _ctx;
    private readonly JsonElement _element;
    private readonly HashSet<string> _allowed;

    public ObjectReader(StudyReadContext ctx, JsonElement element, string path, string[] allowed)
    {
        _ctx = ctx;
        _element = element;
        Path = path;
        _allowed = new HashSet<string>(allowed, StringComparer.Ordinal);
        IsObject = element.ValueKind == JsonValueKind.Object;
        if (!IsObject)
        {
            ctx.Error(StudyErrorCodes.WrongType, path, $"Expected an object; found {StudyReadContext.Describe(element)}.", "Write this value as { … } with the properties the format lists.");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            var propertyPath = JsonPath.Property(path, p.Name);
            if (!seen.Add(p.Name))
                ctx.Error(StudyErrorCodes.DuplicateProperty, propertyPath, $"Property '{p.Name}' appears more than once in this object.", "Keep one of them; JSON readers disagree on which one wins.");
            else if (!_allowed.Contains(p.Name))
                ctx.Error(StudyErrorCodes.UnknownProperty, propertyPath, $"Unknown property '{p.Name}'.",
                    $"Allowed here: {string.Join(", ", allowed)}. Check the spelling (names are snake_case).");
        }
    }

    public string Path { get; }
    public bool IsObject { get; }

    public string At(string name) => JsonPath.Property(Path, name);

    public JsonElement? Element(string name, bool required)
    {
        if (!_allowed.Contains(name)) throw new InvalidOperationException($"Property '{name}' is read but not in the allowed list of {Path}.");
        if (!IsObject) return null;
        if (_element.TryGetProperty(name, out var value)) return value;
        if (required)
            _ctx.Error(StudyErrorCodes.Missing, At(name), $"Required property '{name}' is missing.", $"Add \"{name}\" to the object at {Path}.");
        return null;
    }

    public string? String(string name, bool required, bool nonEmpty = true, int maxLength = 20000)
    {
        if (Element(name, required) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.String)
        {
            WrongType(name, "a string", v);
            return null;
        }
        var s = v.GetString()!;
        if (nonEmpty && string.IsNullOrWhiteSpace(s))
            _ctx.Error(StudyErrorCodes.BadText, At(name), $"Expected non-empty text for '{name}'; found an empty string.", "Write the text, or remove the property if it is optional.");
        else if (s.Length > maxLength)
            _ctx.Error(StudyErrorCodes.BadText, At(name), $"Expected at most {maxLength} characters; found {s.Length}.", "Shorten the text.");
        return s;
    }

    public long? Integer(string name, bool required, long min, long max)
    {
        if (Element(name, required) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            WrongType(name, "a whole number", v);
            return null;
        }
        if (n < min || n > max)
        {
            _ctx.Error(StudyErrorCodes.OutOfRange, At(name), $"Expected '{name}' between {min} and {max}; found {n}.", $"Use a whole number in [{min}, {max}].");
            return null;
        }
        return n;
    }

    public double? Number(string name, bool required, double min, double max)
    {
        if (Element(name, required) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number)
        {
            WrongType(name, "a number", v);
            return null;
        }
        var d = v.GetDouble();
        if (!(d >= min && d <= max))
        {
            _ctx.Error(StudyErrorCodes.OutOfRange, At(name), $"Expected '{name}' between {min:R} and {max:R}; found {v.GetRawText()}.", $"Use a number in [{min:R}, {max:R}].");
            return null;
        }
        return d;
    }

    public bool? Bool(string name, bool required)
    {
        if (Element(name, required) is not { } v) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        WrongType(name, "true or false", v);
        return null;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (STUDY007 otherwise).</summary>
    public string? Choice(string name, bool required, IReadOnlyCollection<string> allowed)
    {
        var s = String(name, required);
        if (s is null || allowed.Contains(s)) return s;
        _ctx.Error(StudyErrorCodes.NotAllowed, At(name), $"Expected '{name}' to be one of {string.Join(", ", allowed)}; found '{s}'.", "Use one of the listed values exactly (lower case, hyphenated).");
        return null;
    }

    public ObjectReader? Object(string name, bool required, params string[] allowed) =>
        Element(name, required) is { } v ? _ctx.Object(v, At(name), allowed) : null;

    /// <summary>Reads an array element by element; elements whose reader returns null are dropped (their errors are already recorded).</summary>
    public List<T> Array<T>(string name, bool required, Func<JsonElement, string, int, T?> read, int minCount = 0) where T : class
    {
        var result = new List<T>();
        if (Element(name, required) is not { } v) return result;
        if (v.ValueKind != JsonValueKind.Array)
        {
            WrongType(name, "an array", v);
            return result;
        }
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (read(item, JsonPath.Index(At(name), i), i) is { } t) result.Add(t);
            i++;
        }
        if (i < minCount)
            _ctx.Error(StudyErrorCodes.OutOfRange, At(name), $"Expected at least {minCount} item(s) in '{name}'; found {i}.", "Add the missing items.");
        return result;
    }

    /// <summary>An object whose property names are free (e.g. hyperparameters); each value is read by <paramref name="read"/>.</summary>
    public List<(string Name, T Value, string Path)> Map<T>(string name, bool required, Func<JsonElement, string, T?> read) where T : struct
    {
        var result = new List<(string, T, string)>();
        if (Element(name, required) is not { } v) return result;
        if (v.ValueKind != JsonValueKind.Object)
        {
            WrongType(name, "an object", v);
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            var path = JsonPath.Property(At(name), p.Name);
            if (!seen.Add(p.Name))
            {
                _ctx.Error(StudyErrorCodes.DuplicateProperty, path, $"Property '{p.Name}' appears more than once in this object.", "Keep one of them.");
                continue;
            }
            if (read(p.Value, path) is { } t) result.Add((p.Name, t, path));
        }
        return result;
    }

    private void WrongType(string name, string expected, JsonElement found) =>
        _ctx.Error(StudyErrorCodes.WrongType, At(name), $"Expected '{name}' to be {expected}; found {StudyReadContext.Describe(found)}.", $"Write '{name}' as {expected}.");
}
