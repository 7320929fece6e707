using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

internal sealed partial class StudyReader
{
    private PageDefinition? ReadPage(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "id", "kind", "title", "text", "feature", "instance", "questions");
        if (!o.IsObject) return null;
        var id = ctx.Id(o.String("id", true), o.At("id"));
        var kindName = o.Choice("kind", true, StudyVocabulary.PageKinds.Keys.ToArray());
        var title = o.String("title", true, maxLength: 200) ?? "";
        var text = o.String("text", false);
        var feature = o.String("feature", false);
        var instanceName = o.Choice("instance", false, StudyVocabulary.InstanceSelectors.Keys.ToArray());
        var questions = o.Array("questions", false, ReadQuestion);
        if (kindName is null) return null;
        var kind = StudyVocabulary.PageKinds[kindName];

        if (kind == PageKind.Effect && o.Element("feature", false) is null)
            ctx.Error(StudyErrorCodes.KindField, o.At("feature"), "An effect page needs the feature whose effect it shows; none is given.", "Add e.g. \"feature\": \"age\".");
        else if (kind != PageKind.Effect && feature is not null)
            ctx.Error(StudyErrorCodes.KindField, o.At("feature"), $"Only effect pages take a feature; this is a {kindName} page.", "Remove \"feature\", or make the page kind \"effect\".");
        if (feature is not null && kind == PageKind.Effect && !StudyVocabulary.AdultFeatures.Contains(feature))
            ctx.Error(StudyErrorCodes.UnknownReference, o.At("feature"), $"Unknown feature '{feature}'.", $"Adult features: {string.Join(", ", StudyVocabulary.AdultFeatures)}.");

        if (kind == PageKind.Local && o.Element("instance", false) is null)
            ctx.Error(StudyErrorCodes.KindField, o.At("instance"), "A local page needs an instance selector; none is given.",
                $"Add \"instance\": one of {string.Join(", ", StudyVocabulary.InstanceSelectors.Keys)}.");
        else if (kind is not (PageKind.Local or PageKind.Examples) && o.Element("instance", false) is not null)
            ctx.Error(StudyErrorCodes.KindField, o.At("instance"), $"Only local and examples pages take an instance; this is a {kindName} page.", "Remove \"instance\".");

        CheckQuestionsFitPage(kind, kindName, o, questions);
        var instance = instanceName is null ? (InstanceSelector?)null : StudyVocabulary.InstanceSelectors[instanceName];
        return Track(new PageDefinition(id, kind, title, text, feature, instance, questions), path);
    }

    private void CheckQuestionsFitPage(PageKind kind, string kindName, ObjectReader page, List<QuestionDefinition> questions)
    {
        if (kind is PageKind.Consent or PageKind.Debrief && questions.Count > 0)
            ctx.Error(StudyErrorCodes.QuestionNotAllowed, page.At("questions"), $"A {kindName} page holds no questions; found {questions.Count}.",
                kind == PageKind.Consent ? "Ask background questions in \"background\"; the consent page shows \"consent\"." : "Move the questions to a page before the debrief.");
        foreach (var q in questions)
        {
            var simulation = q.Kind == QuestionKind.ForwardSimulation;
            if (simulation != (kind == PageKind.ForwardSimulation) && !(kind == PageKind.ForwardSimulation && q.Kind == QuestionKind.Catch))
                ctx.Error(StudyErrorCodes.QuestionNotAllowed, PathOf[q] + ".kind",
                    simulation ? $"Forward-simulation trials belong on a forward-simulation page; this is a {kindName} page."
                               : $"A forward-simulation page holds only forward-simulation trials and catch questions; found a {StudyVocabulary.NameOf(q.Kind)} question.",
                    "Move the question to a page of the right kind.");
        }
        if (kind == PageKind.ForwardSimulation && !questions.Any(q => q.Kind == QuestionKind.ForwardSimulation))
            ctx.Error(StudyErrorCodes.QuestionNotAllowed, page.At("questions"), "A forward-simulation page needs at least one forward-simulation trial; it has none.", "Add a question with \"kind\": \"forward-simulation\".");
    }

    private QuestionDefinition? ReadQuestion(JsonElement e, string path, int index)
    {
        var o = ctx.Object(e, path, "id", "kind", "prompt", "required", "scale", "options", "key", "max_length", "min_probability_gap", "confidence", "catch");
        if (!o.IsObject) return null;
        var id = ctx.Id(o.String("id", true), o.At("id"));
        var kindName = o.Choice("kind", true, StudyVocabulary.QuestionKinds.Keys.ToArray());
        var prompt = o.String("prompt", true, maxLength: 2000) ?? "";
        var required = o.Bool("required", false) ?? true;
        if (kindName is null) return null;
        var kind = StudyVocabulary.QuestionKinds[kindName];

        // Which optional fields each kind takes; any other is an error naming the kind.
        string[] fields = kind switch
        {
            QuestionKind.Likert => ["scale"],
            QuestionKind.Choice => ["options", "key"],
            QuestionKind.YesNo => ["key"],
            QuestionKind.Text => ["max_length"],
            QuestionKind.ForwardSimulation => ["min_probability_gap", "confidence", "catch"],
            QuestionKind.Catch => ["options", "key"],
            _ => [],
        };
        foreach (var f in new[] { "scale", "options", "key", "max_length", "min_probability_gap", "confidence", "catch" })
            if (!fields.Contains(f) && o.Element(f, false) is not null)
                ctx.Error(StudyErrorCodes.KindField, o.At(f), $"A {kindName} question does not take '{f}'.", $"A {kindName} question takes: {(fields.Length == 0 ? "no extra fields" : string.Join(", ", fields))}.");

        var scale = kind switch
        {
            QuestionKind.Likert => ReadScale(o.Object("scale", true, "min", "max", "anchors")),
            QuestionKind.ForwardSimulation => ReadScale(o.Object("confidence", false, "min", "max", "anchors")),
            _ => null,
        };
        var options = kind is QuestionKind.Choice or QuestionKind.Catch ? ReadOptions(o) : [];
        var key = kind switch
        {
            QuestionKind.Choice or QuestionKind.Catch or QuestionKind.YesNo => ReadKey(o, kind, kindName, options),
            QuestionKind.ForwardSimulation => AnswerKey.From(DerivedKey.ModelHigher),
            _ => null,
        };
        var maxLength = kind == QuestionKind.Text ? (int?)o.Integer("max_length", true, 1, 100000) : null;
        var gap = kind == QuestionKind.ForwardSimulation ? o.Number("min_probability_gap", false, 0, 1) ?? 0 : (double?)null;
        var isCatch = kind == QuestionKind.Catch || (kind == QuestionKind.ForwardSimulation && (o.Bool("catch", false) ?? false));
        return Track(new QuestionDefinition(id, kind, prompt, required, scale, options, key, maxLength, gap, isCatch), path);
    }

    private List<string> ReadOptions(ObjectReader o)
    {
        var options = o.Array("options", true, (v, p, _) =>
            v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : Wrong(p, "a non-empty option text", v), minCount: 2);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Count; i++)
            if (!seen.Add(options[i]))
                ctx.Error(StudyErrorCodes.DuplicateId, JsonPath.Index(o.At("options"), i), $"Option '{options[i]}' appears twice.", "Options must be distinct; answers are stored as the option text.");
        return options;
    }

    private AnswerKey? ReadKey(ObjectReader o, QuestionKind kind, string kindName, List<string> options)
    {
        if (o.Element("key", kind == QuestionKind.Catch) is not { } v) return null;
        var path = o.At("key");
        if (v.ValueKind == JsonValueKind.Object)
        {
            var d = ctx.Object(v, path, "derived");
            var name = d.Choice("derived", true, StudyVocabulary.DerivedKeys.Keys.ToArray());
            if (name is null) return null;
            var derived = StudyVocabulary.DerivedKeys[name];
            var fits = (derived, kind) is (DerivedKey.ShownTopFeature or DerivedKey.ShownEffectSpike, QuestionKind.Choice) or (DerivedKey.ShownEffectRises, QuestionKind.YesNo);
            if (!fits)
            {
                ctx.Error(StudyErrorCodes.BadKey, d.At("derived"), $"The derived key '{name}' does not fit a {kindName} question.",
                    "shown-top-feature and shown-effect-spike key a choice question (options: feature names; ages and \"I see no spike\"); shown-effect-rises keys a yes-no question; catch questions need a literal key.");
                return null;
            }
            return AnswerKey.From(derived);
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Wrong(path, "an answer (string) or {\"derived\": …}", v);
            return null;
        }
        var literal = v.GetString()!;
        if (kind == QuestionKind.YesNo && literal is not ("yes" or "no"))
        {
            ctx.Error(StudyErrorCodes.BadKey, path, $"Expected the key of a yes-no question to be \"yes\" or \"no\"; found '{literal}'.", "Write \"yes\" or \"no\".");
            return null;
        }
        if (kind != QuestionKind.YesNo && options.Count > 0 && !options.Contains(literal))
        {
            ctx.Error(StudyErrorCodes.BadKey, path, $"The key '{literal}' is not one of the options ({string.Join(", ", options)}).", "Make the key exactly one option's text.");
            return null;
        }
        return AnswerKey.Of(literal);
    }

    private LikertScale? ReadScale(ObjectReader? o)
    {
        if (o is null || !o.IsObject) return null;
        var min = (int?)o.Integer("min", true, 1, 1);
        var max = (int?)o.Integer("max", true, 2, 11);
        var anchors = ImmutableDictionary.CreateBuilder<int, string>();
        foreach (var (name, value, path) in o.Map<JsonElement>("anchors", true, (v, p) =>
                     v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v : WrongElement(p, "an anchor label", v)))
        {
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var point) || (min is { } lo && max is { } hi && (point < lo || point > hi)))
            {
                ctx.Error(StudyErrorCodes.BadScale, path, $"Expected anchor keys to be scale points{(min is null || max is null ? "" : $" {min}..{max}")}; found '{name}'.", "Key anchors by the point they label, e.g. \"1\": \"Strongly disagree\".");
                continue;
            }
            anchors[point] = value.GetString()!;
        }
        if (min is null || max is null) return null;
        if (o.Element("anchors", false) is not null && (!anchors.ContainsKey(min.Value) || !anchors.ContainsKey(max.Value)))
            ctx.Error(StudyErrorCodes.BadScale, o.At("anchors"), $"Expected anchors for both ends of the scale ({min} and {max}); found {(anchors.Count == 0 ? "none" : string.Join(", ", anchors.Keys.Order()))}.", "Label at least the first and last point.");
        return new LikertScale(min.Value, max.Value, anchors.ToImmutable());
    }
}
