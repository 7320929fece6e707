using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Turns a failed schema keyword into the study error users know: a stable code, the JSONPath of the offending
/// value, what was expected and found, and a hint. The code follows the keyword (required → STUDY002, type →
/// STUDY003, additionalProperties → STUDY004, …); where the place in the file gives the keyword a sharper
/// meaning (a page's feature, a model's parameters, an answer key), <see cref="Place"/> decides, so a rule added to
/// the schema at a known place gets that place's code without code changes.
/// </summary>
internal sealed partial class SchemaErrorMapper(JsonElement document)
{
    public IEnumerable<StudyError> Map(SchemaFailure f)
    {
        var at = Locate(f.InstancePointer);
        var place = Place(f.InstancePointer);
        var schema = f.Schema ?? default;
        switch (f.Keyword)
        {
            case "required":
                foreach (var name in Strings(schema, "required").Where(n => at.Value is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(n, out _)))
                    yield return Missing(at, name);
                yield break;
            case "not" when Strings(schema, "required").FirstOrDefault() is { } forbidden:
                yield return Forbidden(at, forbidden);
                yield break;
            case "type":
                var expected = Expected(schema);
                yield return new(StudyErrorCodes.WrongType, at.Path, $"Expected '{at.Name}' to be {expected}; found {StudyReadContext.Describe(at.Value)}.", $"Write '{at.Name}' as {expected}.");
                yield break;
            case "uniqueItems":
                foreach (var error in Duplicates(at)) yield return error;
                yield break;
        }
        if (f.Applicator == "propertyNames")
        {
            yield return UnknownName(f, at, place);
            yield break;
        }
        yield return f.Keyword switch
        {
            "" when f.Applicator == "additionalProperties" => new(StudyErrorCodes.UnknownProperty, at.Path, $"Unknown property '{at.Name}'.",
                $"Allowed here: {string.Join(", ", Names(f.ParentSchema, "properties"))}. Check the spelling (names are snake_case)."),
            "" or "const" or "not" when place == Places.DerivedKey => BadKey(at.Path, $"The derived key '{(at.Value is { ValueKind: JsonValueKind.String } d ? d.GetString() : at.Value?.GetRawText())}' does not fit {A(Kind(Locate(Up(Up(f.InstancePointer))).Value), "question")}.",
                "shown-top-feature and shown-effect-spike key a choice question (options: feature names; ages and \"I see no spike\"); shown-effect-rises keys a yes-no question; catch questions need a literal key."),
            "enum" or "const" => Choice(f, at, place, schema),
            "pattern" => Pattern(at, place, schema),
            "minLength" or "maxLength" => Text(at, schema),
            "maxItems" when place == Places.PageQuestions => new(StudyErrorCodes.QuestionNotAllowed, at.Path, $"{Capital(A(Kind(Locate(Up(f.InstancePointer)).Value), "page"))} holds no questions; found {Count(at.Value)}.",
                Kind(Locate(Up(f.InstancePointer)).Value) == "consent" ? "Ask background questions in \"background\"; the consent page shows \"consent\"." : "Move the questions to a page before the debrief."),
            "minItems" => new(StudyErrorCodes.OutOfRange, at.Path, $"Expected at least {Number(schema, "minItems")} item(s) in '{at.Name}'; found {Count(at.Value)}.", "Add the missing items."),
            "maxItems" => new(StudyErrorCodes.OutOfRange, at.Path, $"Expected at most {Number(schema, "maxItems")} item(s) in '{at.Name}'; found {Count(at.Value)}.", "Remove the extra items."),
            "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "multipleOf" => Range(at, schema),
            _ => new(StudyErrorCodes.WrongType, at.Path, $"'{at.Name}' does not fit the study schema: {f.LibraryMessage}", "Compare this value with studies/study.schema.json and studies/README.md."),
        };
    }

    // ---- places in the file where a keyword means something sharper than its default ----

    private enum Places { Other, PageField, PageQuestions, CompletionUrl, DefectName, PageFeature, Parameter, Anchor, QuestionField, LiteralKey, DerivedKey }

    private static Places Place(string pointer)
    {
        var shape = Digits().Replace(pointer, "/*");
        return shape switch
        {
            "/enrolment/completion_url" => Places.CompletionUrl,
            _ when DefectName().IsMatch(shape) => Places.DefectName,
            _ when PageField().IsMatch(shape) => shape.EndsWith("/feature", StringComparison.Ordinal) ? Places.PageFeature : Places.PageField,
            _ when PageQuestions().IsMatch(shape) => Places.PageQuestions,
            _ when Parameter().IsMatch(shape) => Places.Parameter,
            _ when shape.EndsWith("/key/derived", StringComparison.Ordinal) => Places.DerivedKey,
            _ when shape.EndsWith("/key", StringComparison.Ordinal) => Places.LiteralKey,
            _ when Anchor().IsMatch(shape) => Places.Anchor,
            _ when QuestionField().IsMatch(shape) => Places.QuestionField,
            _ => Places.Other,
        };
    }

    [GeneratedRegex(@"/[0-9]+(?=/|$)")] private static partial Regex Digits();
    [GeneratedRegex(@"^/data/defects/\*/name$")] private static partial Regex DefectName();
    [GeneratedRegex(@"^/pages/\*/(feature|instance)$")] private static partial Regex PageField();
    [GeneratedRegex(@"^/pages/\*/questions$")] private static partial Regex PageQuestions();
    [GeneratedRegex(@"^/(models/\*/hyperparameters|explainers/\*/parameters)/[^/]+$")] private static partial Regex Parameter();
    [GeneratedRegex(@"/(scale|confidence)/anchors/[^/]+$")] private static partial Regex Anchor();
    [GeneratedRegex(@"^/(background/\*|pages/\*/questions/\*)/[^/]+$")] private static partial Regex QuestionField();

    /// <summary>"a local page", "an overview page".</summary>
    private static string A(string kind, string noun) =>
        kind.Length == 0 ? $"a {noun}" : $"{("aeiou".Contains(kind[0]) ? "an" : "a")} {kind} {noun}";

    private StudyError Forbidden(Located at, string field)
    {
        var path = JsonPath.Property(at.Path, field);
        var kind = Kind(at.Value);
        return field switch
        {
            "feature" => KindField(path, $"Only effect pages take a feature; this is {A(kind, "page")}.", "Remove \"feature\", or make the page kind \"effect\"."),
            "instance" => KindField(path, $"Only local and examples pages take an instance; this is {A(kind, "page")}.", "Remove \"instance\"."),
            _ => KindField(path, $"{Capital(A(kind, Noun(Place(at.Pointer + "/" + field))))} does not take '{field}'.", $"Remove \"{field}\"."),
        };
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Noun(Places place) => place is Places.PageField or Places.PageFeature ? "page" : "question";

    private static StudyError Missing(Located at, string name)
    {
        var path = JsonPath.Property(at.Path, name);
        var place = Place(at.Pointer + "/" + name);
        if (place == Places.CompletionUrl)
            return new(StudyErrorCodes.BadEnrolment, path, "Prolific enrolment needs a completion URL; none is given.", "Add \"completion_url\" with the study's Prolific completion link.");
        if (place is Places.PageField or Places.PageFeature)
            return name switch
            {
                "feature" => KindField(path, "An effect page needs the feature whose effect it shows; none is given.", "Add e.g. \"feature\": \"age\"."),
                "instance" => KindField(path, $"{Capital(A(Kind(at.Value), "page"))} needs an instance selector; none is given.", $"Add \"instance\": one of {string.Join(", ", StudyVocabulary.InstanceSelectors.Keys)}."),
                _ => KindField(path, $"{Capital(A(Kind(at.Value), "page"))} needs '{name}'; none is given.", $"Add \"{name}\"."),
            };
        return new(StudyErrorCodes.Missing, path, $"Required property '{name}' is missing.", $"Add \"{name}\" to the object at {at.Path}.");
    }

    private static StudyError KindField(string path, string message, string hint) => new(StudyErrorCodes.KindField, path, message, hint);

    private static StudyError BadKey(string path, string message, string hint) => new(StudyErrorCodes.BadKey, path, message, hint);

    private StudyError UnknownName(SchemaFailure f, Located at, Places place)
    {
        var allowed = Strings(f.Schema ?? default, "enum").ToList();
        var owner = Locate(Up(Up(f.InstancePointer))).Value;
        return place switch
        {
            Places.Parameter => new(StudyErrorCodes.UnknownParameter, at.Path, $"Unknown parameter '{at.Name}' for kind '{Kind(owner)}'.",
                allowed.Count == 0 ? $"'{Kind(owner)}' takes no parameters; remove it." : $"Known parameters: {string.Join(", ", allowed)}."),
            Places.Anchor => new(StudyErrorCodes.BadScale, at.Path, $"Expected anchor keys to be scale points; found '{at.Name}'.", "Key anchors by the point they label, e.g. \"1\": \"Strongly disagree\"."),
            Places.QuestionField => KindField(at.Path, $"{Capital(A(Kind(Locate(Up(f.InstancePointer)).Value), "question"))} does not take '{at.Name}'.",
                $"{Capital(A(Kind(Locate(Up(f.InstancePointer)).Value), "question"))} takes: {Extra(allowed)}."),
            _ => new(StudyErrorCodes.UnknownProperty, at.Path, $"Unknown property '{at.Name}'.", $"Allowed here: {string.Join(", ", allowed)}."),
        };
    }

    private static string Extra(List<string> allowed)
    {
        var extra = allowed.Except(["id", "kind", "prompt", "required"]).ToList();
        return extra.Count == 0 ? "no extra fields" : string.Join(", ", extra);
    }

    private static StudyError Choice(SchemaFailure f, Located at, Places place, JsonElement schema)
    {
        var values = schema.ValueKind != JsonValueKind.Object ? []
            : f.Keyword == "const" ? (schema.TryGetProperty("const", out var one) ? [one] : [])
            : schema.TryGetProperty("enum", out var all) && all.ValueKind == JsonValueKind.Array ? all.EnumerateArray().ToList() : [];
        var list = string.Join(", ", values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()));
        if (values.Count > 0 && values.All(v => v.ValueKind == JsonValueKind.Number))
            return new(StudyErrorCodes.OutOfRange, at.Path, $"Expected '{at.Name}' to be {list}; found {StudyReadContext.Describe(at.Value)}.", $"Write {list}.");
        var found = at.Value is { ValueKind: JsonValueKind.String } s ? $"'{s.GetString()}'" : StudyReadContext.Describe(at.Value);
        return place switch
        {
            Places.DefectName => new(StudyErrorCodes.UnknownDefect, at.Path, $"Unknown defect {found}.", $"Known defects: {list}."),
            Places.PageFeature => new(StudyErrorCodes.UnknownReference, at.Path, $"Unknown feature {found}.", $"Adult features: {list}."),
            Places.LiteralKey => BadKey(at.Path, $"Expected the key of a yes-no question to be \"yes\" or \"no\"; found {found}.", "Write \"yes\" or \"no\"."),
            _ => new(StudyErrorCodes.NotAllowed, at.Path, $"Expected '{at.Name}' to be one of {list}; found {found}.", "Use one of the listed values exactly (lower case, hyphenated)."),
        };
    }

    private static StudyError Pattern(Located at, Places place, JsonElement schema)
    {
        var found = at.Value is { ValueKind: JsonValueKind.String } text ? text.GetString()! : "";
        var pattern = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        if (place == Places.CompletionUrl)
            return new(StudyErrorCodes.BadEnrolment, at.Path, $"Expected an absolute https URL; found '{found}'.", "Paste the full completion link, e.g. https://app.prolific.com/submissions/complete?cc=XXXXXXX.");
        if (pattern == @"\S")
            return new(StudyErrorCodes.BadText, at.Path, $"Expected non-empty text for '{at.Name}'; found only white space.", "Write the text, or remove the property if it is optional.");
        if (at.Name == "version")
            return new(StudyErrorCodes.BadIdentifier, at.Path, $"Expected a version MAJOR.MINOR.PATCH; found '{found}'.", "Write e.g. \"1.0.0\"; raise it whenever a launched study changes.");
        return new(StudyErrorCodes.BadIdentifier, at.Path, $"Expected an id of lower-case letters, digits and hyphens (1–64 characters, starting with a letter or digit); found '{found}'.",
            "Use a slug such as \"shap-inverted\" or \"local-misclassified\".");
    }

    private static StudyError Text(Located at, JsonElement schema)
    {
        var length = at.Value is { ValueKind: JsonValueKind.String } text ? text.GetString()!.Length : 0;
        return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32()
            ? new(StudyErrorCodes.BadText, at.Path, $"Expected at most {max.GetInt32()} characters in '{at.Name}'; found {length}.", "Shorten the text.")
            : new(StudyErrorCodes.BadText, at.Path, $"Expected non-empty text for '{at.Name}'; found an empty string.", "Write the text, or remove the property if it is optional.");
    }

    private static StudyError Range(Located at, JsonElement schema)
    {
        var whole = (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("multipleOf", out _)) || Strings(schema, "type").Contains("integer");
        var min = Number(schema, "minimum");
        var max = Number(schema, "maximum");
        var what = whole ? "a whole number" : "a number";
        var bounds = (min, max) switch
        {
            ({ } lo, { } hi) => $"between {lo} and {hi}",
            ({ } lo, null) => $"≥ {lo}",
            (null, { } hi) => $"≤ {hi}",
            _ => "",
        };
        return new(StudyErrorCodes.OutOfRange, at.Path, $"Expected '{at.Name}' to be {what} {bounds}; found {at.Value?.GetRawText()}.".Replace("  ", " "), $"Use {what} {bounds}.".Replace(" .", "."));
    }

    private IEnumerable<StudyError> Duplicates(Located at)
    {
        if (at.Value is not { ValueKind: JsonValueKind.Array } array) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            if (!seen.Add(text))
                yield return new(StudyErrorCodes.DuplicateId, JsonPath.Index(at.Path, i), $"Option '{text}' appears twice.", "Options must be distinct; answers are stored as the option text.");
            i++;
        }
    }

    private static string Expected(JsonElement schema)
    {
        // A oneOf/anyOf whose alternatives all failed on type: name every alternative's type.
        var types = schema.ValueKind == JsonValueKind.Object && (schema.TryGetProperty("oneOf", out var alternatives) || schema.TryGetProperty("anyOf", out alternatives))
            ? alternatives.EnumerateArray().SelectMany(a => Strings(a, "type")).ToList()
            : Strings(schema, "type").ToList();
        return types.Count == 0 ? "another kind of value" : string.Join(" or ", types.Select(t => t switch
        {
            "integer" => "a whole number",
            "number" => "a number",
            "string" => "a string",
            "boolean" => "true or false",
            "object" => "an object",
            "array" => "an array",
            _ => t,
        }));
    }

    // ---- reading the schema and the instance ----

    private static IEnumerable<string> Strings(JsonElement schema, string keyword)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty(keyword, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            _ => [],
        };
    }

    private static IEnumerable<string> Names(JsonElement? schema, string keyword) =>
        schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var o) && o.ValueKind == JsonValueKind.Object ? o.EnumerateObject().Select(p => p.Name).ToList() : [];

    private static string? Number(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble().ToString("R", CultureInfo.InvariantCulture) : null;

    private static string Kind(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : "";

    private static int Count(JsonElement? value) => value is { ValueKind: JsonValueKind.Array } a ? a.GetArrayLength() : 0;

    private static string Up(string pointer) => pointer[..Math.Max(0, pointer.LastIndexOf('/'))];

    private sealed record Located(string Pointer, string Path, string Name, JsonElement? Value);

    /// <summary>The JSONPath, last name and value of a JSON Pointer into the study document.</summary>
    private Located Locate(string pointer)
    {
        var path = JsonPath.Root;
        var name = "$";
        JsonElement? current = document;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path = JsonPath.Index(path, index);
                name = $"{name}[{index}]";
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path = JsonPath.Property(path, segment);
                name = segment;
                current = current is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(segment, out var child) ? child : null;
            }
        }
        return new Located(pointer, path, name, current);
    }
}
