using System.Net;
using System.Text.RegularExpressions;

namespace MisuseLab.Bots;

/// <summary>A form control that carries an answer: its name and the values a browser could send for it.</summary>
/// <param name="Kind">radio, select, textarea, or the input type (text, hidden …).</param>
/// <param name="Options">The values offered (radio values, non-empty select options); empty for free text.</param>
/// <param name="MaxLength">The textarea's or input's maxlength, when given.</param>
public sealed record FormField(string Name, string Kind, IReadOnlyList<string> Options, string? Value, int? MaxLength);

/// <summary>A submit button: the name and value a click adds to the form data.</summary>
public sealed record FormButton(string? Name, string? Value, string? Id);

/// <summary>One <c>&lt;form&gt;</c> as a browser would submit it.</summary>
public sealed record HtmlForm(string? Id, string Action, string Method, IReadOnlyList<FormField> Fields, IReadOnlyList<FormButton> Buttons)
{
    /// <summary>The antiforgery token the form carries, or null.</summary>
    public string? Token => Fields.FirstOrDefault(f => f.Name == HtmlPage.TokenField)?.Value;

    /// <summary>Hidden inputs other than the token, sent back unchanged (return URL, invite code …).</summary>
    public IEnumerable<KeyValuePair<string, string>> HiddenValues =>
        Fields.Where(f => f.Kind == "hidden" && f.Name != HtmlPage.TokenField).Select(f => new KeyValuePair<string, string>(f.Name, f.Value ?? ""));
}

/// <summary>
/// Just enough HTML reading for bots: forms, their controls and buttons, data attributes and element text by id.
/// Tolerant of attribute order and quoting as Razor writes it; not a general HTML parser.
/// </summary>
public sealed partial class HtmlPage
{
    public const string TokenField = "__RequestVerificationToken";

    [GeneratedRegex("""<(/?)(form|input|select|option|textarea|button)\b([^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex TagPattern();

    [GeneratedRegex("""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")]
    private static partial Regex AttributePattern();

    // The web app marks a page that will change soon with data-recheck (its recheck.js polls; no meta refresh, which
    // axe-core reports); a meta refresh is still understood for other servers and older versions.
    [GeneratedRegex("""\sdata-recheck="\d+"|<meta\s+http-equiv="refresh"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex RefreshPattern();

    [GeneratedRegex("""<title>([^<]*)</title>""", RegexOptions.IgnoreCase)]
    private static partial Regex TitlePattern();

    public string Html { get; }
    public IReadOnlyList<HtmlForm> Forms { get; }

    public HtmlPage(string html)
    {
        Html = html;
        Forms = ParseForms(html);
    }

    /// <summary>The page will change by itself soon and should be asked for again (the "study is being prepared" page).</summary>
    public bool RefreshesItself => RefreshPattern().IsMatch(Html);

    public string Title => TitlePattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "(no title)";

    /// <summary>The first form whose action ends with <paramref name="suffix"/> (case-insensitive), or null.</summary>
    public HtmlForm? FormPostingTo(string suffix) =>
        Forms.FirstOrDefault(f => f.Action.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public HtmlForm? FormWithId(string id) => Forms.FirstOrDefault(f => f.Id == id);

    /// <summary>The value of attribute <paramref name="name"/> on the first element carrying it, or null.</summary>
    public string? DataAttribute(string name)
    {
        var m = Regex.Match(Html, Regex.Escape(name) + "=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    /// <summary>The text inside the element with this id (tags stripped), or null.</summary>
    public string? TextOfId(string id)
    {
        var m = Regex.Match(Html, "id=\"" + Regex.Escape(id) + "\"[^>]*>([^<]*)<");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;
    }

    private static IReadOnlyList<HtmlForm> ParseForms(string html)
    {
        var forms = new List<HtmlForm>();
        FormBuilder? current = null;
        string? openSelect = null;
        List<string>? selectOptions = null;
        string? selectValue = null;
        foreach (Match tag in TagPattern().Matches(html))
        {
            var closing = tag.Groups[1].Length > 0;
            var name = tag.Groups[2].Value.ToLowerInvariant();
            var attributes = closing ? EmptyAttributes : Attributes(tag.Groups[3].Value);
            switch (name)
            {
                case "form" when !closing:
                    current = new FormBuilder(Get(attributes, "id"), Get(attributes, "action") ?? "", (Get(attributes, "method") ?? "get").ToLowerInvariant());
                    break;
                case "form":
                    if (current is not null) forms.Add(current.Build());
                    current = null;
                    break;
                case "input" when !closing && current is not null:
                    AddInput(current, attributes);
                    break;
                case "select" when !closing && current is not null:
                    openSelect = Get(attributes, "name");
                    selectOptions = [];
                    selectValue = null;
                    break;
                case "option" when !closing && selectOptions is not null:
                    var optionValue = Get(attributes, "value") ?? "";
                    if (optionValue.Length > 0) selectOptions.Add(optionValue);
                    if (attributes.ContainsKey("selected")) selectValue = optionValue;
                    break;
                case "select" when closing:
                    if (current is not null && openSelect is not null && selectOptions is not null)
                        current.Fields.Add(new FormField(openSelect, "select", selectOptions, selectValue, null));
                    openSelect = null;
                    selectOptions = null;
                    break;
                case "textarea" when !closing && current is not null && Get(attributes, "name") is { } textName:
                    current.Fields.Add(new FormField(textName, "textarea", [], null, MaxLength(attributes)));
                    break;
                case "button" when !closing && current is not null:
                    var type = (Get(attributes, "type") ?? "submit").ToLowerInvariant();
                    if (type == "submit") current.Buttons.Add(new FormButton(Get(attributes, "name"), Get(attributes, "value"), Get(attributes, "id")));
                    break;
            }
        }
        return forms;
    }

    private static void AddInput(FormBuilder form, Dictionary<string, string?> attributes)
    {
        var name = Get(attributes, "name");
        if (name is null) return;
        var type = (Get(attributes, "type") ?? "text").ToLowerInvariant();
        var value = Get(attributes, "value");
        if (type == "radio")
        {
            var index = form.Fields.FindIndex(f => f.Name == name && f.Kind == "radio");
            var options = index >= 0 ? [.. form.Fields[index].Options, value ?? "on"] : new List<string> { value ?? "on" };
            var chosen = attributes.ContainsKey("checked") ? value : index >= 0 ? form.Fields[index].Value : null;
            var field = new FormField(name, "radio", options, chosen, null);
            if (index >= 0) form.Fields[index] = field;
            else form.Fields.Add(field);
            return;
        }
        if (type is "submit" or "button" or "image" or "reset") return;
        form.Fields.Add(new FormField(name, type, [], value, MaxLength(attributes)));
    }

    private static int? MaxLength(Dictionary<string, string?> attributes) =>
        int.TryParse(Get(attributes, "maxlength"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    private static readonly Dictionary<string, string?> EmptyAttributes = new(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string?> Attributes(string text)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in AttributePattern().Matches(text))
        {
            var value = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Success ? m.Groups[4].Value : null;
            result.TryAdd(m.Groups[1].Value, value is null ? null : WebUtility.HtmlDecode(value));
        }
        return result;
    }

    private static string? Get(Dictionary<string, string?> attributes, string name) => attributes.TryGetValue(name, out var v) ? v : null;

    private sealed class FormBuilder(string? id, string action, string method)
    {
        public List<FormField> Fields { get; } = [];
        public List<FormButton> Buttons { get; } = [];
        public HtmlForm Build() => new(id, action, method, Fields.ToList(), Buttons.ToList());
    }
}
