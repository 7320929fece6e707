using System.Text.Json;
using Json.Schema;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// One failed schema keyword: the JSON Pointer of the instance value it judged, the keyword ("" for a
/// <c>false</c> schema), the subschema holding the keyword (to read its <c>enum</c>, <c>minimum</c>, …), and
/// JsonSchema.Net's own message as a last resort.
/// </summary>
internal sealed record SchemaFailure(string InstancePointer, string EvaluationPath, string Keyword, JsonElement? Schema, JsonElement? ParentSchema, string LibraryMessage)
{
    /// <summary>The last segment of the evaluation path: "propertyNames", "additionalProperties", a property name, …</summary>
    public string Applicator => EvaluationPath[(EvaluationPath.LastIndexOf('/') + 1)..];
}

/// <summary>
/// studies/study.schema.json, embedded in this assembly (so validation works from any directory) and evaluated
/// by JsonSchema.Net. Turns the hierarchical output into the keyword failures that decide validity: branches of
/// <c>if</c> and passing <c>not</c>/<c>oneOf</c> alternatives are left out, because they are not errors.
/// </summary>
internal static class StudySchema
{
    public const string ResourceName = "MisuseLab.Study.Definitions.study.schema.json";

    private static readonly Lazy<(JsonSchema Schema, JsonElement Root)> Loaded = new(Load);
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical };

    /// <summary>The schema as JSON, for reading keyword values (allowed values, ranges, property lists).</summary>
    public static JsonElement Root => Loaded.Value.Root;

    private static (JsonSchema, JsonElement) Load()
    {
        using var stream = typeof(StudySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The study schema is not embedded as '{ResourceName}'; check MisuseLab.Study.csproj.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement.Clone();
        // A registry of its own: the global one would refuse a second schema with the same $id (tests, other hosts).
        var schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return (schema, root);
    }

    public static IReadOnlyList<SchemaFailure> Evaluate(JsonElement instance)
    {
        var results = Loaded.Value.Schema.Evaluate(instance, Options);
        var failures = new List<SchemaFailure>();
        if (!results.IsValid) Walk(results, failures);
        return failures;
    }

    private static void Walk(EvaluationResults node, List<SchemaFailure> failures)
    {
        var path = node.EvaluationPath.ToString();
        if (node.Errors is not null)
            foreach (var (keyword, message) in node.Errors)
                failures.Add(Failure(node, keyword, message));

        var children = node.Details ?? [];
        var branches = new List<EvaluationResults>();
        foreach (var child in children)
        {
            var (parent, last) = LastTwo(child.EvaluationPath.ToString());
            if (last == "if") continue;
            if (last == "not")
            {
                // The child is the negated subschema: it passing is the failure; it failing is fine.
                if (child.IsValid) failures.Add(new SchemaFailure(node.InstanceLocation.ToString(), path, "not", Resolve(path + "/not"), Resolve(path), "The value must not match the 'not' subschema."));
                continue;
            }
            if (parent is "oneOf" or "anyOf") branches.Add(child);
            else if (!child.IsValid) Walk(child, failures);
        }
        if (branches.Count > 0 && branches.All(b => !b.IsValid))
        {
            // Alternatives that failed on the value's JSON type say nothing useful; report the others, or the type.
            var typed = branches.Where(b => b.Errors is null || !b.Errors.ContainsKey("type")).ToList();
            if (typed.Count == 0) failures.Add(new SchemaFailure(node.InstanceLocation.ToString(), path, "type", Resolve(path), null, "The value has none of the allowed types."));
            foreach (var b in typed) Walk(b, failures);
        }
    }

    private static SchemaFailure Failure(EvaluationResults node, string keyword, string message)
    {
        var path = node.EvaluationPath.ToString();
        var parentPath = path[..Math.Max(0, path.LastIndexOf('/'))];
        return new SchemaFailure(node.InstanceLocation.ToString(), path, keyword, Resolve(path), Resolve(parentPath), message);
    }

    private static (string? Parent, string Last) LastTwo(string pointer)
    {
        var parts = pointer.Split('/');
        return (parts.Length >= 2 ? parts[^2] : null, parts[^1]);
    }

    /// <summary>
    /// The subschema an evaluation path leads to, following local <c>$ref</c>s. JsonSchema.Net 8 names the
    /// <c>items</c> keyword twice in evaluation paths (…/items/items/$ref); a segment repeating the one before it
    /// and absent from the current subschema is that echo and is skipped.
    /// </summary>
    public static JsonElement? Resolve(string evaluationPath)
    {
        var current = Root;
        string? previous = null;
        foreach (var raw in evaluationPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (segment == "$ref" && current.ValueKind == JsonValueKind.Object && current.TryGetProperty("$ref", out var reference))
            {
                if (Pointer(reference.GetString()!) is not { } target) return null;
                current = target;
            }
            else if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child)) current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < current.GetArrayLength()) current = current[i];
            else if (segment != previous) return null;
            previous = segment;
        }
        return current;
    }

    private static JsonElement? Pointer(string reference)
    {
        if (!reference.StartsWith("#", StringComparison.Ordinal)) return null;
        var current = Root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }
        return current;
    }
}
