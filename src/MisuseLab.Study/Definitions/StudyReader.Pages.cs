using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

internal sealed partial class StudyReader
{
    /// <summary>A page whose kind is unknown is left out: every rule about a page depends on its kind.</summary>
    private PageDefinition? ReadPage(JsonElement e, string path)
    {
        if (Str(e, "kind") is not { } kindName || !StudyVocabulary.PageKinds.TryGetValue(kindName, out var kind)) return null;
        var instance = Str(e, "instance") is { } selector && StudyVocabulary.InstanceSelectors.TryGetValue(selector, out var s) ? s : (InstanceSelector?)null;
        var id = Str(e, "id") ?? "";
        var title = Str(e, "title") ?? "";
        var questions = Items(e, "questions", path, ReadQuestion);
        if (kind is PageKind.Locate or PageKind.Remedy)
        {
            // The page's own answer, first on the page; tracked at the page's path, so a question id equal to the page id is reported there.
            var answer = Track(new QuestionDefinition(id, kind == PageKind.Locate ? QuestionKind.Locate : QuestionKind.Remedy, title, true, null, [], null,
                kind == PageKind.Locate ? LocateTextLength : null, null, false), path);
            questions = [answer, .. questions];
        }
        // The schema allows exactly one factor: level pair; anything else reads as absent (and was reported).
        var onlyFor = Entries(e, "only_for").Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();
        return Track(new PageDefinition(id, kind, title, Str(e, "text"), Str(e, "feature"), instance, questions)
        {
            ShowScore = kind == PageKind.Remedy && (Bool(e, "show_score") ?? false),
            Marks = kind == PageKind.Locate ? Int(e, "marks", path) ?? PageDefinition.DefaultMarks : PageDefinition.DefaultMarks,
            OnlyFor = onlyFor.Count == 1 && !ctx.Failed(JsonPath.Property(path, "only_for")) ? onlyFor[0] : null,
        }, path);
    }

    /// <summary>The longest free text a locate answer keeps beside its marks.</summary>
    public const int LocateTextLength = 2000;

    /// <summary>A question whose kind is unknown is left out, as are its key and scales when the schema rejected them.</summary>
    private QuestionDefinition? ReadQuestion(JsonElement e, string path)
    {
        if (Str(e, "kind") is not { } kindName || !StudyVocabulary.QuestionKinds.TryGetValue(kindName, out var kind)) return null;
        var scale = kind switch
        {
            QuestionKind.Likert => ReadScale(Get(e, "scale"), JsonPath.Property(path, "scale")),
            QuestionKind.ForwardSimulation => ReadScale(Get(e, "confidence"), JsonPath.Property(path, "confidence")),
            QuestionKind.NasaTlx => ReadScale(Get(e, "scale"), JsonPath.Property(path, "scale")),
            _ => null,
        };
        var options = kind is QuestionKind.Choice or QuestionKind.Catch or QuestionKind.MultiSelect && Get(e, "options") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!).ToList()
            : [];
        var key = kind switch
        {
            QuestionKind.Choice or QuestionKind.Catch or QuestionKind.YesNo => ReadKey(Get(e, "key"), JsonPath.Property(path, "key")),
            QuestionKind.ForwardSimulation => AnswerKey.From(DerivedKey.ModelHigher),
            _ => null,
        };
        var maxLength = kind == QuestionKind.Text ? Int(e, "max_length", path) : null;
        var gap = kind == QuestionKind.ForwardSimulation ? Number(e, "min_probability_gap", path) ?? 0 : (double?)null;
        var isCatch = kind == QuestionKind.Catch || (kind == QuestionKind.ForwardSimulation && (Bool(e, "catch") ?? false));
        var range = kind == QuestionKind.Number && Number(e, "min", path) is { } min && Number(e, "max", path) is { } max
            ? new NumberRange(min, max, Bool(e, "integer") ?? false, Str(e, "unit")) : null;
        return Track(new QuestionDefinition(Str(e, "id") ?? "", kind, Str(e, "prompt") ?? "", Bool(e, "required") ?? true, scale, options, key, maxLength, gap, isCatch, range), path);
    }

    private AnswerKey? ReadKey(JsonElement? value, string path)
    {
        if (value is null || ctx.Failed(path)) return null;
        if (value.Value.ValueKind == JsonValueKind.String) return AnswerKey.Of(value.Value.GetString()!);
        return Str(value, "derived") is { } name && StudyVocabulary.TryDerivedKey(name, out var derived) ? derived : null;
    }

    /// <summary>Anchor keys that are not whole numbers are left out (the schema reported them); the range of the others is a rule checked later.</summary>
    private LikertScale? ReadScale(JsonElement? o, string path)
    {
        if (o is not { ValueKind: JsonValueKind.Object } || Int(o, "max", path) is not { } max || Int(o, "min", path) is not { } min) return null;
        var anchors = new Dictionary<int, string>();
        foreach (var p in Entries(o, "anchors"))
            if (p.Value.ValueKind == JsonValueKind.String && int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var point))
                anchors[point] = p.Value.GetString()!;
        return new LikertScale(min, max, anchors.ToImmutableDictionary());
    }
}
