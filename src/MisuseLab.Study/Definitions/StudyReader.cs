using System.Collections.Immutable;
using System.Text.Json;
using MisuseLab.Study.Conditions;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Reads a parsed study document into a <see cref="StudyDefinition"/>, reporting structural problems (missing,
/// mistyped, unknown or out-of-range values) and problems local to one object; keeps going after every error.
/// Records the JSON path of each record it builds so <see cref="StudyCrossChecks"/> can point at them.
/// </summary>
internal sealed partial class StudyReader(StudyReadContext ctx, IDefectCatalog defects)
{
    public Dictionary<object, string> PathOf { get; } = new(ReferenceEqualityComparer.Instance);

    private T Track<T>(T record, string path) where T : class
    {
        PathOf[record] = path;
        return record;
    }

    public StudyDefinition? Read(JsonElement root)
    {
        var o = ctx.Object(root, JsonPath.Root, "$schema", "id", "title", "version", "description", "data", "models", "explainers",
            "conditions", "assignment", "enrolment", "consent", "background", "pages", "debrief");
        if (!o.IsObject) return null;

        var id = ctx.Id(o.String("id", required: true), o.At("id"));
        var title = o.String("title", required: true, maxLength: 200) ?? "";
        var version = o.String("version", required: true) ?? "";
        if (version.Length > 0 && !SemVer().IsMatch(version))
            ctx.Error(StudyErrorCodes.BadIdentifier, o.At("version"), $"Expected a version MAJOR.MINOR.PATCH; found '{version}'.", "Write e.g. \"1.0.0\"; raise it whenever a launched study changes.");
        var description = o.String("description", required: false);

        var data = ReadData(o.Object("data", true, "source", "seed", "defects"));
        var models = o.Array("models", true, ReadModel, minCount: 1);
        var explainers = o.Array("explainers", true, ReadExplainer);
        var conditions = ReadConditions(o.Object("conditions", true, "factors", "cells"));
        var assignment = ReadAssignment(o.Object("assignment", true, "design", "method", "block_size", "seed"));
        var enrolment = ReadEnrolment(o.Object("enrolment", true, "mode", "completion_url", "target_participants"));
        var consentObject = o.Object("consent", true, "text", "agree_label");
        var consent = new ConsentDefinition(consentObject?.String("text", true) ?? "", consentObject?.String("agree_label", false, maxLength: 80) ?? "I agree");
        var background = o.Array("background", false, ReadQuestion);
        var pages = o.Array("pages", true, ReadPage, minCount: 2);
        var debrief = ReadDebrief(o.Object("debrief", true, "text", "condition_texts"));

        return new StudyDefinition(id, title, version, description, data, models, explainers, conditions, assignment, enrolment,
            consent, background, pages, debrief);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial System.Text.RegularExpressions.Regex SemVer();

    private DataDefinition ReadData(ObjectReader? o)
    {
        if (o is null) return new DataDefinition("adult", 0, []);
        var source = o.Choice("source", true, StudyVocabulary.DataSources) ?? "adult";
        var seed = (int)(o.Integer("seed", true, 0, int.MaxValue) ?? 0);
        var list = o.Array("defects", true, ReadDefect);
        return new DataDefinition(source, seed, list);
    }

    private DefectDefinition? ReadDefect(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "name", "params");
        if (!o.IsObject) return null;
        var name = o.String("name", true);
        var parameters = o.Element("params", false);
        if (parameters is { ValueKind: not JsonValueKind.Object } bad)
        {
            ctx.Error(StudyErrorCodes.WrongType, o.At("params"), $"Expected 'params' to be an object; found {StudyReadContext.Describe(bad)}.", "Write the defect's parameters as { \"rate\": 0.1, … }.");
            parameters = null;
        }
        if (name is null) return null;
        var value = (parameters ?? EmptyObject).Clone();
        if (!defects.Names.Contains(name))
        {
            ctx.Error(StudyErrorCodes.UnknownDefect, o.At("name"), $"Unknown defect '{name}'.", $"Known defects: {string.Join(", ", defects.Names)}.");
            return null;
        }
        foreach (var problem in defects.CheckParameters(name, value))
            ctx.Error(StudyErrorCodes.BadDefectParameters, o.At("params") + problem.RelativePath, problem.Message, problem.Hint);
        return Track(new DefectDefinition(name, value), path);
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private ModelDefinition? ReadModel(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "id", "kind", "hyperparameters");
        if (!o.IsObject) return null;
        var id = ctx.Id(o.String("id", true), o.At("id"));
        var kind = o.Choice("kind", true, ModelKinds.ModelParameters.Keys.ToArray());
        var hyper = ReadParameters(o, "hyperparameters", kind is null ? null : ModelKinds.ModelParameters[kind], kind);
        return Track(new ModelDefinition(id, kind ?? "", hyper), path);
    }

    private ExplainerDefinition? ReadExplainer(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "id", "kind", "model", "parameters");
        if (!o.IsObject) return null;
        var id = ctx.Id(o.String("id", true), o.At("id"));
        var kind = o.Choice("kind", true, ModelKinds.ExplainerParameters.Keys.ToArray());
        var model = o.String("model", true) ?? "";
        var parameters = ReadParameters(o, "parameters", kind is null ? null : ModelKinds.ExplainerParameters[kind], kind);
        return Track(new ExplainerDefinition(id, kind ?? "", model, parameters), path);
    }

    private ImmutableDictionary<string, double> ReadParameters(ObjectReader o, string name, IReadOnlyList<string>? known, string? kind)
    {
        var values = o.Map<double>(name, false, (v, p) =>
        {
            if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
            ctx.Error(StudyErrorCodes.WrongType, p, $"Expected a number; found {StudyReadContext.Describe(v)}.", "Parameters are numbers, e.g. \"learning_rate\": 0.1.");
            return null;
        });
        var result = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (key, value, path) in values)
        {
            if (known is not null && !known.Contains(key))
            {
                ctx.Error(StudyErrorCodes.UnknownParameter, path, $"Unknown parameter '{key}' for kind '{kind}'.",
                    known.Count == 0 ? $"'{kind}' takes no parameters; remove it." : $"Known parameters: {string.Join(", ", known)}.");
                continue;
            }
            if (!double.IsFinite(value) || value < 0 || (ModelKinds.IntegerParameters.Contains(key) && value != Math.Floor(value)))
            {
                ctx.Error(StudyErrorCodes.OutOfRange, path, $"Expected '{key}' to be a {(ModelKinds.IntegerParameters.Contains(key) ? "whole number" : "number")} ≥ 0; found {value:R}.", "Use a non-negative value.");
                continue;
            }
            result[key] = value;
        }
        return result.ToImmutable();
    }

    private ConditionDesign ReadConditions(ObjectReader? o)
    {
        if (o is null) return new ConditionDesign([], []);
        var factors = o.Array("factors", true, (e, path, _) =>
        {
            var f = ctx.Object(e, path, "name", "levels");
            if (!f.IsObject) return null;
            var name = ctx.Id(f.String("name", true), f.At("name"));
            var levels = f.Array("levels", true, (l, lp, _) => l.ValueKind == JsonValueKind.String
                ? ctx.Id(l.GetString(), lp)
                : Wrong(lp, "a level name (string)", l), minCount: 1);
            return Track(new FactorDefinition(name, levels), path);
        }, minCount: 1);
        var cells = o.Array("cells", true, ReadCell, minCount: 1);
        return new ConditionDesign(factors, cells);
    }

    private CellDefinition? ReadCell(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "id", "levels", "model", "explainer", "manipulation", "weight");
        if (!o.IsObject) return null;
        var id = ctx.Id(o.String("id", true), o.At("id"));
        var levels = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (factor, level, _) in o.Map<JsonElement>("levels", true, (v, p) =>
                     v.ValueKind == JsonValueKind.String ? v : WrongElement(p, "a level name (string)", v)))
            levels[factor] = level.GetString()!;
        var model = o.String("model", true) ?? "";
        var explainer = o.String("explainer", false);
        var manipulation = o.Choice("manipulation", true, ConditionCatalog.Names) ?? "";
        var weight = (int)(o.Integer("weight", false, 1, 1000) ?? 1);
        return Track(new CellDefinition(id, levels.ToImmutable(), model, explainer, manipulation, weight), path);
    }

    private AssignmentDefinition ReadAssignment(ObjectReader? o)
    {
        if (o is null) return new AssignmentDefinition("between-subjects", "balanced-permuted-blocks", 0, 0);
        var design = o.Choice("design", true, StudyVocabulary.Designs) ?? "between-subjects";
        var method = o.Choice("method", true, StudyVocabulary.AssignmentMethods) ?? "balanced-permuted-blocks";
        var block = (int)(o.Integer("block_size", true, 1, 10000) ?? 0);
        var seed = (int)(o.Integer("seed", true, 0, int.MaxValue) ?? 0);
        return Track(new AssignmentDefinition(design, method, block, seed), o.Path);
    }

    private EnrolmentDefinition ReadEnrolment(ObjectReader? o)
    {
        if (o is null) return new EnrolmentDefinition(EnrolmentMode.Open, null, null);
        var mode = o.Choice("mode", true, StudyVocabulary.EnrolmentModes.Keys.ToArray());
        var url = o.String("completion_url", false, maxLength: 2000);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            ctx.Error(StudyErrorCodes.BadEnrolment, o.At("completion_url"), $"Expected an absolute https URL; found '{url}'.", "Paste the full completion link, e.g. https://app.prolific.com/submissions/complete?cc=XXXXXXX.");
        var target = (int?)o.Integer("target_participants", false, 1, 100000);
        var result = new EnrolmentDefinition(mode is null ? EnrolmentMode.Open : StudyVocabulary.EnrolmentModes[mode], url, target);
        if (mode == "prolific" && url is null)
            ctx.Error(StudyErrorCodes.BadEnrolment, o.At("completion_url"), "Prolific enrolment needs a completion URL; none is given.", "Add \"completion_url\" with the study's Prolific completion link.");
        return Track(result, o.Path);
    }

    private DebriefDefinition ReadDebrief(ObjectReader? o)
    {
        if (o is null) return new DebriefDefinition("", ImmutableDictionary<string, string>.Empty);
        var text = o.String("text", true) ?? "";
        var texts = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (cell, value, _) in o.Map<JsonElement>("condition_texts", true, (v, p) =>
                     v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v : WrongElement(p, "non-empty text", v)))
            texts[cell] = value.GetString()!;
        return Track(new DebriefDefinition(text, texts.ToImmutable()), o.Path);
    }

    private JsonElement? WrongElement(string path, string expected, JsonElement found)
    {
        Wrong(path, expected, found);
        return null;
    }

    private string? Wrong(string path, string expected, JsonElement found)
    {
        ctx.Error(StudyErrorCodes.WrongType, path, $"Expected {expected}; found {StudyReadContext.Describe(found)}.", $"Write {expected} here.");
        return null;
    }
}
