using System.Globalization;
using System.Text;
using System.Text.Json;
using MisuseLab.Platform.Sessions;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Security.Support;

/// <summary>One generated request: what kind of damage it carries, the body bytes and the content type (null: none).</summary>
public sealed record MalformedRequest(string Kind, byte[] Body, string? ContentType)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Body);
        return $"[{Kind}] {ContentType ?? "(no content type)"} {(text.Length <= 160 ? text : text[..160] + $"… ({text.Length} chars)")}";
    }
}

/// <summary>
/// Seeded generator of answer and event requests that are invalid by construction (so every one must be refused):
/// wrong JSON types, values outside the scale or the options, huge strings, unknown ids and ids of other pages or
/// another study, broken JSON, wrong roots and wrong content types. Never mutates a valid value into another valid
/// one: each case states why it is invalid.
/// </summary>
public sealed class MalformedRequests(int seed, PageDefinition page, StudyDefinition study)
{
    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<AnswerItem> _items = AnswerItem.ItemsOf(page.Questions);

    /// <summary>Ids that exist elsewhere (other pages of this study, the demo study) but not on this page.</summary>
    private IReadOnlyList<string> ForeignIds => study.Pages.Where(p => p.Id != page.Id).SelectMany(p => AnswerItem.ItemsOf(p.Questions)).Select(i => i.ItemId)
        .Concat(["top-feature", "consent", "background", "age", "role"]).Where(id => _items.All(i => i.ItemId != id)).Distinct().ToList();

    private static readonly string[] NastyIds =
    [
        "", " ", "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "\u0000", "overview-accuracy\u0000", "%00", "🙂", "a:b:c",
        "null", "undefined", "__proto__", "constructor", "answer.rate-confidence", "RATE-CONFIDENCE", "rate-confidence ", " rate-confidence",
    ];

    private static readonly string[] WrongContentTypes =
        ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json", "application/octet-stream"];

    public IEnumerable<MalformedRequest> Answers(int count)
    {
        for (var n = 0; n < count; n++)
        {
            yield return (n % 11) switch
            {
                0 => Json("value of a wrong JSON type", new Dictionary<string, object?> { ["item"] = AnyItem().ItemId, ["value"] = WrongType() }),
                1 => InvalidForItself(Pick(_items)),
                2 => Json("huge value", new Dictionary<string, object?> { ["item"] = AnyItem().ItemId, ["value"] = Huge(InvalidValueFor(AnyItem()) as string ?? "x") }),
                3 => Json("huge item id", new Dictionary<string, object?> { ["item"] = Huge("rate-confidence"), ["value"] = "4" }),
                4 => Json("unknown item id", new Dictionary<string, object?> { ["item"] = _random.Next(3) == 0 ? Pick(NastyIds) : RandomWord(), ["value"] = "4" }),
                5 => Json("item of another page or study", new Dictionary<string, object?> { ["item"] = Pick(ForeignIds), ["value"] = Pick(["4", "yes", "a", "age", "text"]) }),
                6 => Json("item missing or mistyped", _random.Next(4) switch
                {
                    0 => new Dictionary<string, object?> { ["value"] = "4" },
                    1 => new Dictionary<string, object?> { ["item"] = AnyItem().ItemId },
                    2 => new Dictionary<string, object?> { ["item"] = _random.Next(100), ["value"] = "4" },
                    _ => new Dictionary<string, object?> { ["item"] = new[] { AnyItem().ItemId }, ["value"] = "4" },
                }),
                7 => BrokenJson(ValidAnswerJson()),
                8 => new MalformedRequest("JSON root that is not an object", Encoding.UTF8.GetBytes(Pick(["[]", "\"rate-confidence\"", "4", "null", "true", $"[{ValidAnswerJson()}]"])), "application/json"),
                9 => new MalformedRequest("valid answer, wrong content type", Encoding.UTF8.GetBytes(ValidAnswerJson()), _random.Next(5) == 0 ? null : Pick(WrongContentTypes)),
                _ => new MalformedRequest("deeply nested JSON", Encoding.UTF8.GetBytes(new string('[', 200 + _random.Next(800)) + new string(']', 10)), "application/json"),
            };
        }
    }

    public IEnumerable<MalformedRequest> Events(int count)
    {
        for (var n = 0; n < count; n++)
        {
            yield return (n % 7) switch
            {
                0 => Json("unknown event type", new Dictionary<string, object?> { ["type"] = _random.Next(2) == 0 ? Pick(NastyIds) : "chart." + RandomWord(), ["detail"] = new Dictionary<string, object?>() }),
                1 => Json("event type of a wrong JSON type", new Dictionary<string, object?> { ["type"] = WrongType(), ["detail"] = new Dictionary<string, object?>() }),
                2 => Json("detail that is not an object", new Dictionary<string, object?> { ["type"] = "chart.hover", ["detail"] = Pick<object?>([null, "x", 4, new[] { 1 }, true]) }),
                3 => Json("detail over the stored limit", new Dictionary<string, object?> { ["type"] = "chart.hover", ["detail"] = new Dictionary<string, object?> { ["blob"] = new string('x', 4_200 + _random.Next(60_000)) } }),
                4 => BrokenJson("""{"type":"chart.hover","detail":{"chart":"global-1"}}"""),
                5 => new MalformedRequest("valid event, wrong content type", Encoding.UTF8.GetBytes("""{"type":"page.hidden","detail":{}}"""), _random.Next(5) == 0 ? null : Pick(WrongContentTypes)),
                _ => Json("type missing", new Dictionary<string, object?> { ["detail"] = new Dictionary<string, object?> { ["chart"] = "x" } }),
            };
        }
    }

    /// <summary>Forms for the page submit whose answers are invalid or incomplete (each lacks or breaks a required item).</summary>
    public IEnumerable<(string Kind, List<KeyValuePair<string, string>> Fields)> PageForms(int count)
    {
        var required = _items.Where(i => i.Required).ToList();
        for (var n = 0; n < count; n++)
        {
            var fields = _items.Select(i => new KeyValuePair<string, string>("answer." + i.ItemId, ValidValueFor(i))).ToList();
            var victim = Pick(required);
            var index = fields.FindIndex(f => f.Key == "answer." + victim.ItemId);
            string kind;
            switch (n % 4)
            {
                case 0:
                    kind = "invalid value";
                    fields[index] = new(fields[index].Key, (InvalidValueFor(victim) as string) ?? "nope");
                    break;
                case 1:
                    kind = "required item missing, foreign items offered instead";
                    fields.RemoveAt(index);
                    fields.Add(new("answer." + Pick(ForeignIds), "4"));
                    break;
                case 2:
                    kind = "huge invalid value";
                    fields[index] = new(fields[index].Key, Huge("x"));
                    break;
                default:
                    kind = "required item blank, nasty keys added";
                    fields[index] = new(fields[index].Key, "");
                    fields.Add(new("answer." + Pick(NastyIds), "4"));
                    fields.Add(new("participant_id", "1"));
                    break;
            }
            yield return (kind, fields);
        }
    }

    public string ValidAnswerJson()
    {
        var item = Pick(_items);
        return JsonSerializer.Serialize(new { item = item.ItemId, value = ValidValueFor(item) });
    }

    private MalformedRequest Json(string kind, Dictionary<string, object?> body) =>
        new(kind, JsonSerializer.SerializeToUtf8Bytes(body), "application/json");

    private MalformedRequest BrokenJson(string valid)
    {
        var text = _random.Next(4) switch
        {
            0 => valid[..(1 + _random.Next(valid.Length - 1))], // cut before the closing brace
            1 => valid + Pick(["}", "x", ",", "{}", "]"]),
            2 => valid.Replace("\":", "\"", StringComparison.Ordinal),
            _ => valid.Insert(valid.IndexOf('"', 2), "\u0001"), // a raw control character inside a string
        };
        return new MalformedRequest("broken JSON", Encoding.UTF8.GetBytes(text), "application/json");
    }

    private AnswerItem AnyItem() => Pick(_items);

    // One item, and a value that item refuses: a value invalid for one item may be valid for another (any word is a
    // valid free-text answer), so the two are never drawn apart.
    private MalformedRequest InvalidForItself(AnswerItem item) =>
        Json("value outside what the item accepts", new Dictionary<string, object?> { ["item"] = item.ItemId, ["value"] = InvalidValueFor(item) });

    private object? WrongType() => _random.Next(6) switch
    {
        0 => null,
        1 => true,
        2 => new[] { 4 },
        3 => new Dictionary<string, object?> { ["v"] = 4 },
        4 => Array.Empty<object>(),
        _ => false,
    };

    /// <summary>A value the item must refuse: out of the scale, not a whole number, not an option, or text over its limit.</summary>
    private object? InvalidValueFor(AnswerItem item)
    {
        var q = item.Question;
        if (item.IsRating)
        {
            var scale = q.Scale!;
            return _random.Next(5) switch
            {
                0 => (scale.Max + 1 + _random.Next(1000)).ToString(CultureInfo.InvariantCulture),
                1 => (scale.Min - 1 - _random.Next(1000)).ToString(CultureInfo.InvariantCulture),
                2 => "4.5",
                3 => "99999999999999999999",
                _ => RandomWord(),
            };
        }
        return q.Kind switch
        {
            QuestionKind.Choice or QuestionKind.Catch => "not-an-option-" + RandomWord(),
            QuestionKind.YesNo => Pick(["YES", "y", "true", "1", "maybe"]),
            QuestionKind.ForwardSimulation => Pick(["A", "c", "person a", "1"]),
            QuestionKind.MultiSelect => Pick([q.Options.Count.ToString(CultureInfo.InvariantCulture), "-1", "0,x", "[\"not-an-option\"]", "[1]", ","]),
            QuestionKind.Number => Pick([(q.Range!.Max + 1).ToString(CultureInfo.InvariantCulture), (q.Range.Min - 1).ToString(CultureInfo.InvariantCulture), "NaN", "1e999", RandomWord()]),
            _ => new string('x', AnswerRules.TextLimit(q) + 1 + _random.Next(100)),
        };
    }

    private static string ValidValueFor(AnswerItem item)
    {
        var q = item.Question;
        if (item.IsRating) return q.Scale!.Min.ToString(CultureInfo.InvariantCulture);
        return q.Kind switch
        {
            QuestionKind.MultiSelect => "0",
            QuestionKind.Number => q.Range!.Min.ToString(CultureInfo.InvariantCulture),
            QuestionKind.Choice or QuestionKind.Catch => q.Options[0],
            QuestionKind.YesNo => "yes",
            QuestionKind.ForwardSimulation => "a",
            _ => "fine",
        };
    }

    private string Huge(string seed) => string.Concat(Enumerable.Repeat(seed.Length == 0 ? "x" : seed, (20_000 + _random.Next(40_000)) / Math.Max(1, seed.Length) + 1));

    private string RandomWord()
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz-";
        return string.Create(3 + _random.Next(20), _random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = letters[r.Next(letters.Length)];
        });
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];
}
