using System.Text.Json;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// Reads a payload back from its JSON (as stored with a stimulus), so an analyst can re-open exactly what a
/// participant saw. Reading then writing canonical JSON gives back the same bytes.
/// </summary>
public static class PayloadJson
{
    public static ExplanationPayload Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement, "$");
        }
        catch (JsonException e)
        {
            throw new PayloadFormatException($"Expected payload JSON; it does not parse at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }

    /// <summary>Reads a payload object at <paramref name="path"/> (used for payloads nested in a stimulus).</summary>
    public static ExplanationPayload Read(JsonElement element, string path)
    {
        try
        {
            var kind = Str(element, "kind", path);
            return kind switch
            {
                "global" => new GlobalPayload(Str(element, "explainer", path),
                    Arr(element, "features", path).Select((f, i) => new FeatureImportance(
                        Str(f, "name", $"{path}.features[{i}]"), Num(f, "importance", $"{path}.features[{i}]"),
                        Num(f, "low", $"{path}.features[{i}]"), Num(f, "high", $"{path}.features[{i}]")))),
                "local" => new LocalPayload(Str(element, "explainer", path), Int(element, "row", path),
                    Num(element, "base", path), Num(element, "output", path), Num(element, "probability", path),
                    Arr(element, "contributions", path).Select((c, i) => new FeatureContribution(
                        Str(c, "name", $"{path}.contributions[{i}]"), Str(c, "value", $"{path}.contributions[{i}]"),
                        Num(c, "contribution", $"{path}.contributions[{i}]"))),
                    Prop(element, "label", path).ValueKind == JsonValueKind.Null ? null : Bool(element, "label", path)),
                "effect" => ReadEffect(element, path),
                "examples" => new ExamplesPayload(
                    Prop(element, "instance", path).ValueKind == JsonValueKind.Null ? null : ReadRow(Prop(element, "instance", path), $"{path}.instance"),
                    Arr(element, "nearest", path).Select((r, i) => ReadRow(r, $"{path}.nearest[{i}]")),
                    Arr(element, "top", path).Select((r, i) => ReadRow(r, $"{path}.top[{i}]")),
                    Arr(element, "bottom", path).Select((r, i) => ReadRow(r, $"{path}.bottom[{i}]"))),
                "overview" => new OverviewPayload(Int(element, "n_train", path), Int(element, "n_test", path),
                    Num(element, "accuracy", path), Num(element, "auc", path),
                    Arr(element, "histograms", path).Select((h, i) => new Histogram(
                        Str(h, "feature", $"{path}.histograms[{i}]"),
                        Arr(h, "edges", $"{path}.histograms[{i}]").Select((e, j) => Number(e, $"{path}.histograms[{i}].edges[{j}]")),
                        Arr(h, "counts", $"{path}.histograms[{i}]").Select((c, j) => c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var n)
                            ? n : throw Wrong($"{path}.histograms[{i}].counts[{j}]", "an integer", c))))),
                "trial" => new TrialPayload(ReadValues(element, "a", path), ReadValues(element, "b", path)),
                "none" => NoExplanationPayload.Instance,
                _ => throw new PayloadFormatException($"{path}.kind: expected global, local, effect, examples, overview, trial or none; found '{kind}'."),
            };
        }
        catch (ArgumentException e)
        {
            throw new PayloadFormatException($"{path}: the payload is inconsistent: {e.Message}", e);
        }
    }

    private static EffectPayload ReadEffect(JsonElement e, string path)
    {
        var xKind = Str(e, "x_kind", path);
        var xs = Arr(e, "x", path);
        var axis = xKind switch
        {
            "numeric" => EffectAxis.Numeric(xs.Select((x, i) => Number(x, $"{path}.x[{i}]"))),
            "categorical" => EffectAxis.Categorical(xs.Select((x, i) => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw Wrong($"{path}.x[{i}]", "a string", x))),
            _ => throw new PayloadFormatException($"{path}.x_kind: expected numeric or categorical; found '{xKind}'."),
        };
        var band = Prop(e, "band", path);
        return new EffectPayload(Str(e, "explainer", path), Str(e, "feature", path), axis,
            Numbers(e, "y", path), Numbers(band, "low", $"{path}.band"), Numbers(band, "high", $"{path}.band"), Numbers(e, "density", path));
    }

    private static ExampleRow ReadRow(JsonElement r, string path) =>
        new(Int(r, "row", path), Bool(r, "label", path), Num(r, "probability", path), ReadValues(r, "values", path));

    private static IEnumerable<ShownValue> ReadValues(JsonElement e, string name, string path) =>
        Arr(e, name, path).Select((v, i) => new ShownValue(Str(v, "name", $"{path}.{name}[{i}]"), Str(v, "value", $"{path}.{name}[{i}]")));

    private static JsonElement Prop(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Wrong(path, "an object", e);
        return e.TryGetProperty(name, out var v) ? v : throw new PayloadFormatException($"{path}: expected property '{name}'; it is missing.");
    }

    private static string Str(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong($"{path}.{name}", "a string", v);
    }

    private static bool Bool(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong($"{path}.{name}", "true or false", v);
    }

    private static int Int(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Wrong($"{path}.{name}", "an integer", v);
    }

    private static double Num(JsonElement e, string name, string path) => Number(Prop(e, name, path), $"{path}.{name}");

    private static double Number(JsonElement v, string path) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(path, "a number", v);

    private static IEnumerable<JsonElement> Arr(JsonElement e, string name, string path)
    {
        var v = Prop(e, name, path);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToArray() : throw Wrong($"{path}.{name}", "an array", v);
    }

    private static double[] Numbers(JsonElement e, string name, string path) =>
        Arr(e, name, path).Select((x, i) => Number(x, $"{path}.{name}[{i}]")).ToArray();

    private static PayloadFormatException Wrong(string path, string expected, JsonElement found) =>
        new($"{path}: expected {expected}; found {found.ValueKind} ({Truncate(found.GetRawText())}).");

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
