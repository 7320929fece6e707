using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Learning.Serialization;

/// <summary>
/// A JSON element together with its JSONPath from the document root, so every read that fails can say
/// where (<c>$.trees[3].nodes[7].threshold</c>), what was expected and what was found.
/// </summary>
internal readonly struct JsonCursor(JsonElement element, string path)
{
    public JsonElement Element { get; } = element;
    public string Path { get; } = path;

    public InvalidModelException Error(string expected, string? found = null) =>
        new($"{Path}: expected {expected}; found {found ?? Describe(Element)}.");

    public JsonCursor Property(string name)
    {
        var obj = RequireObject();
        return obj.Element.TryGetProperty(name, out var value)
            ? new JsonCursor(value, $"{Path}.{name}")
            : throw new InvalidModelException($"{Path}.{name}: expected a property \"{name}\"; found none.");
    }

    public bool TryProperty(string name, out JsonCursor cursor)
    {
        var obj = RequireObject();
        if (obj.Element.TryGetProperty(name, out var value))
        {
            cursor = new JsonCursor(value, $"{Path}.{name}");
            return true;
        }
        cursor = default;
        return false;
    }

    /// <summary>Rejects properties outside <paramref name="allowed"/>: a misspelt name must not be silently ignored.</summary>
    public void OnlyProperties(params ReadOnlySpan<string> allowed)
    {
        foreach (var property in RequireObject().Element.EnumerateObject())
        {
            var known = false;
            foreach (var name in allowed) known |= name == property.Name;
            if (!known)
                throw new InvalidModelException($"{Path}.{property.Name}: unexpected property; expected only {string.Join(", ", allowed.ToArray().Select(a => $"\"{a}\""))}.");
        }
    }

    public List<JsonCursor> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array) throw Error("an array");
        var items = new List<JsonCursor>(Element.GetArrayLength());
        var i = 0;
        foreach (var item in Element.EnumerateArray()) items.Add(new JsonCursor(item, $"{Path}[{i++}]"));
        return items;
    }

    public bool IsNull => Element.ValueKind == JsonValueKind.Null;

    public double Double()
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetDouble(out var value) || !double.IsFinite(value))
            throw Error("a finite number");
        return value;
    }

    public int Int(int min = int.MinValue)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out var value))
            throw Error("an integer");
        if (value < min) throw Error($"an integer ≥ {min}", value.ToString(CultureInfo.InvariantCulture));
        return value;
    }

    public bool Bool() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error("true or false"),
    };

    public string String() =>
        Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Error("a string");

    public double[] Doubles()
    {
        var items = Items();
        var values = new double[items.Count];
        for (var i = 0; i < values.Length; i++) values[i] = items[i].Double();
        return values;
    }

    private JsonCursor RequireObject() => Element.ValueKind == JsonValueKind.Object ? this : throw Error("an object");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString()!)}\"",
        JsonValueKind.Null => "null",
        JsonValueKind.Undefined => "nothing",
        _ => Truncate(element.GetRawText()),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
