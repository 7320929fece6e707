using System.Collections.Immutable;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Reads a study document into a <see cref="StudyDefinition"/> once the schema has judged its structure; it checks
/// nothing itself. When the schema found errors it still reads what it can (a value of the wrong type, or one the
/// schema rejected, reads as absent), so the cross-checks can report everything else in the same pass.
/// Records the JSON path of each record it builds so the checks can point at them.
/// </summary>
internal sealed partial class StudyReader(StudyReadContext ctx)
{
    public Dictionary<object, string> PathOf { get; } = new(ReferenceEqualityComparer.Instance);

    private T Track<T>(T record, string path) where T : class
    {
        PathOf[record] = path;
        return record;
    }

    public StudyDefinition? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return null;
        const string at = JsonPath.Root;
        var consent = Get(root, "consent");
        var conditions = Get(root, "conditions");
        var factors = Items(conditions, "factors", "$.conditions", ReadFactor);
        var pages = Items(root, "pages", at, ReadPage);
        return new StudyDefinition(
            Str(root, "id") ?? "", Str(root, "title") ?? "", Str(root, "version") ?? "", Str(root, "description"),
            ReadData(Get(root, "data"), JsonPath.Property(at, "data")),
            Items(root, "models", at, ReadModel), Items(root, "explainers", at, ReadExplainer),
            new ConditionDesign(factors, Items(conditions, "cells", "$.conditions", ReadCell)),
            ReadAssignment(Get(root, "assignment"), JsonPath.Property(at, "assignment")),
            ReadEnrolment(Get(root, "enrolment"), JsonPath.Property(at, "enrolment")),
            new ConsentDefinition(Str(consent, "text") ?? "", Str(consent, "agree_label") ?? "I agree",
                Str(consent, "abandoned") == "delete" ? AbandonedPolicy.Delete : AbandonedPolicy.Keep),
            Items(root, "background", at, ReadQuestion), pages,
            ReadDebrief(Get(root, "debrief"), JsonPath.Property(at, "debrief")),
            ReadAnalysis(Get(root, "analysis"), pages, [.. factors.Select(f => f.Name)]))
        {
            Power = ReadPower(Get(root, "power")),
            Remedies = Items(root, "remedies", at, ReadRemedy),
            Screening = Get(root, "screening") is { ValueKind: JsonValueKind.Object } screening
                ? Track(new ScreeningRule(Str(screening, "item") ?? "", Number(screening, "min", "$.screening"), Number(screening, "max", "$.screening"), Str(screening, "message")), "$.screening")
                : null,
        };
    }

    private RemedyDefinition ReadRemedy(JsonElement e, string path) =>
        Track(new RemedyDefinition(Str(e, "id") ?? "", Str(e, "label") ?? "", Str(e, "defect"), (Get(e, "fix") ?? EmptyObject).Clone()), path);

    private DataDefinition ReadData(JsonElement? o, string path) =>
        new(Str(o, "source") ?? "adult", Int(o, "seed", path) ?? 0, Items(o, "defects", path, (e, p) =>
            Str(e, "name") is { } name ? Track(new DefectDefinition(name, (Get(e, "params") is { ValueKind: JsonValueKind.Object } v ? v : EmptyObject).Clone()), p) : null));

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private ModelDefinition ReadModel(JsonElement e, string path) =>
        Track(new ModelDefinition(Str(e, "id") ?? "", Kind(e, path, ModelKinds.ModelParameters.Keys), Parameters(e, "hyperparameters", path)), path);

    private ExplainerDefinition ReadExplainer(JsonElement e, string path) =>
        Track(new ExplainerDefinition(Str(e, "id") ?? "", Kind(e, path, ModelKinds.ExplainerParameters.Keys), Str(e, "model") ?? "", Parameters(e, "parameters", path)), path);

    /// <summary>The kind when it is a known one the schema accepted, else "" (checks that depend on the kind then stay silent).</summary>
    private string Kind(JsonElement e, string path, IEnumerable<string> known) =>
        Str(e, "kind") is { } kind && known.Contains(kind) && !ctx.Failed(JsonPath.Property(path, "kind")) ? kind : "";

    private ImmutableDictionary<string, double> Parameters(JsonElement e, string name, string path) =>
        Entries(e, name).Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .GroupBy(p => p.Name).ToImmutableDictionary(g => g.Key, g => g.First().Value.GetDouble(), StringComparer.Ordinal);

    private FactorDefinition ReadFactor(JsonElement e, string path) =>
        Track(new FactorDefinition(Str(e, "name") ?? "", Get(e, "levels") is { ValueKind: JsonValueKind.Array } levels
            ? levels.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList() : []), path);

    private CellDefinition ReadCell(JsonElement e, string path)
    {
        var levels = Entries(e, "levels").Where(p => p.Value.ValueKind == JsonValueKind.String)
            .GroupBy(p => p.Name).ToImmutableDictionary(g => g.Key, g => g.First().Value.GetString()!, StringComparer.Ordinal);
        var manipulation = Str(e, "manipulation") is { } m && Manipulations.ManipulationCatalog.TryGet(m, out _) ? m : "";
        // The schema restricts the names; an absent list means every view is manipulated.
        IReadOnlyList<string>? views = Get(e, "manipulated_views") is { ValueKind: JsonValueKind.Array } v
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)] : null;
        return Track(new CellDefinition(Str(e, "id") ?? "", levels, Str(e, "model") ?? "", Str(e, "explainer"), manipulation, Int(e, "weight", path) ?? 1, views), path);
    }

    private AssignmentDefinition ReadAssignment(JsonElement? o, string path) =>
        Track(new AssignmentDefinition(Str(o, "design") ?? "between-subjects", Str(o, "method") ?? "balanced-permuted-blocks", Int(o, "block_size", path) ?? 0, Int(o, "seed", path) ?? 0), path);

    private EnrolmentDefinition ReadEnrolment(JsonElement? o, string path) =>
        Track(new EnrolmentDefinition(Str(o, "mode") is { } mode && StudyVocabulary.EnrolmentModes.TryGetValue(mode, out var m) ? m : EnrolmentMode.Open,
            Str(o, "completion_url"), Int(o, "target_participants", path),
            Str(o, "participant_sign_in") is { } signIn && StudyVocabulary.SignIns.TryGetValue(signIn, out var s) ? s : null), path);

    private DebriefDefinition ReadDebrief(JsonElement? o, string path) =>
        Track(new DebriefDefinition(Str(o, "text") ?? "", Entries(o, "condition_texts").Where(p => p.Value.ValueKind == JsonValueKind.String)
            .GroupBy(p => p.Name).ToImmutableDictionary(g => g.Key, g => g.First().Value.GetString()!, StringComparer.Ordinal)), path);

    // ---- lenient access: absent, mistyped or rejected values read as null ----

    private static JsonElement? Get(JsonElement? o, string name) =>
        o is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var v) ? v : null;

    private static string? Str(JsonElement? o, string name) => Get(o, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>A whole number as JSON Schema's "integer" sees it: 7 and 7.0 alike.</summary>
    private int? Int(JsonElement? o, string name, string path) =>
        Get(o, name) is { ValueKind: JsonValueKind.Number } v && v.GetDouble() is var d && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue
            && !ctx.Failed(JsonPath.Property(path, name)) ? (int)d : null;

    private double? Number(JsonElement? o, string name, string path) =>
        Get(o, name) is { ValueKind: JsonValueKind.Number } v && !ctx.Failed(JsonPath.Property(path, name)) ? v.GetDouble() : null;

    private static bool? Bool(JsonElement? o, string name) =>
        Get(o, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    private static IEnumerable<JsonProperty> Entries(JsonElement? o, string name) =>
        Get(o, name) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject() : [];

    /// <summary>The array <paramref name="name"/> of <paramref name="o"/>, each object item read by <paramref name="read"/> (null results dropped).</summary>
    private static List<T> Items<T>(JsonElement? o, string name, string parent, Func<JsonElement, string, T?> read) where T : class
    {
        var result = new List<T>();
        if (Get(o, name) is not { ValueKind: JsonValueKind.Array } array) return result;
        var path = JsonPath.Property(parent, name);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && read(item, JsonPath.Index(path, i)) is { } t) result.Add(t);
            i++;
        }
        return result;
    }
}
