using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace MisuseLab.Bots;

/// <summary>A form control that carries an answer: its name and the values a browser could send for it.</summary>
/// <param name="Kind">radio, checkbox (one field per group of boxes sharing a name), select, textarea, or the input type (text, number, hidden …).</param>
/// <param name="Options">The values offered (radio and checkbox values, non-empty select options); empty for free text.</param>
/// <param name="Value">The value the page fills in (a checked radio, a selected option, an input's value, a textarea's text).</param>
/// <param name="MaxLength">The textarea's or input's maxlength, when given.</param>
/// <param name="Min">A number input's min, when given.</param>
/// <param name="Max">A number input's max, when given.</param>
/// <param name="Step">A number input's step ("any" or a number), when given.</param>
public sealed record FormField(string Name, string Kind, IReadOnlyList<string> Options, string? Value, int? MaxLength,
    double? Min = null, double? Max = null, string? Step = null);

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
/// A page as a bot reads it: parsed by AngleSharp into the DOM a browser would build (attribute order, quoting,
/// entities, unclosed tags and <c>form=</c> owners handled as the HTML standard says), then read for forms, their
/// controls and buttons, data attributes, element text, the title, the progress bar and field errors.
/// </summary>
public sealed class HtmlPage
{
    public const string TokenField = "__RequestVerificationToken";

    private readonly IHtmlDocument _document;

    public string Html { get; }
    public IReadOnlyList<HtmlForm> Forms { get; }

    public HtmlPage(string html)
    {
        Html = html;
        // A parser per page: AngleSharp's maintainers call HtmlParser not thread-safe, bots parse on many threads at
        // once, and constructing one costs a few microseconds beside an HTTP round trip.
        _document = new HtmlParser().ParseDocument(html);
        Forms = _document.Forms.Select(ReadForm).ToList();
    }

    /// <summary>The page asks the browser to reload it (the "study is being prepared" page).</summary>
    // The web app marks a page that will change soon with data-recheck (its recheck.js polls; no meta refresh, which
    // axe-core reports); a meta refresh is still understood for other servers and older versions.
    public bool RefreshesItself => _document.QuerySelector("[data-recheck]") is not null
        || _document.QuerySelectorAll("meta[http-equiv]")
            .Any(m => string.Equals(m.GetAttribute("http-equiv")?.Trim(), "refresh", StringComparison.OrdinalIgnoreCase));

    public string Title => _document.Title is { Length: > 0 } title ? title.Trim() : "(no title)";

    /// <summary>The share of the study done by the page's <c>&lt;progress&gt;</c> bar (value / max), or null without one.</summary>
    public double? Progress => _document.QuerySelector("progress") is IHtmlProgressElement { Maximum: > 0 } bar ? bar.Value / bar.Maximum : null;

    /// <summary>The non-empty texts of elements with class <c>field-error</c> (validation messages), in page order.</summary>
    public IReadOnlyList<string> FieldErrors =>
        _document.QuerySelectorAll(".field-error").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();

    /// <summary>The first form whose action ends with <paramref name="suffix"/> (case-insensitive), or null.</summary>
    public HtmlForm? FormPostingTo(string suffix) =>
        Forms.FirstOrDefault(f => f.Action.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public HtmlForm? FormWithId(string id) => Forms.FirstOrDefault(f => f.Id == id);

    /// <summary>The value of attribute <paramref name="name"/> on the first element carrying it, or null.</summary>
    public string? DataAttribute(string name) => _document.All.FirstOrDefault(e => e.HasAttribute(name))?.GetAttribute(name);

    /// <summary>The text inside the element with this id (markup inside it dropped, whitespace trimmed), or null.</summary>
    public string? TextOfId(string id) => _document.GetElementById(id)?.TextContent.Trim();

    /// <summary>An attribute of the element with this id (a link's href, a read-only input's value); null when absent.</summary>
    public string? AttributeOfId(string id, string attribute) => _document.GetElementById(id)?.GetAttribute(attribute);

    private static HtmlForm ReadForm(IHtmlFormElement form)
    {
        var fields = new List<FormField>();
        var buttons = new List<FormButton>();
        // Elements: every control the form owns, in tree order, including those outside it that name it with form=.
        foreach (var control in form.Elements)
        {
            switch (control)
            {
                case IHtmlInputElement input:
                    AddInput(fields, buttons, input);
                    break;
                case IHtmlSelectElement select when Name(select) is { } name && !select.IsDisabled:
                    var options = select.Options.Where(o => !o.IsDisabled && o.Value.Length > 0).Select(o => o.Value).ToList();
                    var selected = select.Options.LastOrDefault(o => o.IsDefaultSelected)?.Value;
                    fields.Add(new FormField(name, "select", options, selected, null));
                    break;
                case IHtmlTextAreaElement text when Name(text) is { } name && !text.IsDisabled:
                    fields.Add(new FormField(name, "textarea", [], text.DefaultValue, MaxLength(text)));
                    break;
                case IHtmlButtonElement button when !button.IsDisabled && string.Equals(button.Type, "submit", StringComparison.OrdinalIgnoreCase):
                    buttons.Add(new FormButton(Name(button), button.GetAttribute("value"), button.GetAttribute("id")));
                    break;
            }
        }
        return new HtmlForm(form.GetAttribute("id"), form.GetAttribute("action") ?? "", (form.GetAttribute("method") ?? "get").Trim().ToLowerInvariant(), fields, buttons);
    }

    private static void AddInput(List<FormField> fields, List<FormButton> buttons, IHtmlInputElement input)
    {
        if (input.IsDisabled) return; // a browser sends nothing for a disabled control
        var type = input.Type.ToLowerInvariant(); // AngleSharp answers "text" for a missing or unknown type, as browsers do
        if (type is "submit" or "image")
        {
            buttons.Add(new FormButton(Name(input), input.GetAttribute("value"), input.GetAttribute("id")));
            return;
        }
        if (type is "button" or "reset" || Name(input) is not { } name) return;
        if (type == "radio")
        {
            // One field per group; Value is the value its checked radio would send (input.Value is "on" without a value attribute).
            var index = fields.FindIndex(f => f.Name == name && f.Kind == "radio");
            var options = index >= 0 ? [.. fields[index].Options, input.Value] : new List<string> { input.Value };
            var chosen = input.IsDefaultChecked ? input.Value : index >= 0 ? fields[index].Value : null;
            var field = new FormField(name, "radio", options, chosen, null);
            if (index >= 0) fields[index] = field;
            else fields.Add(field);
            return;
        }
        if (type == "checkbox")
        {
            // One field per group, as for radios; Value is what the checked boxes send, comma-joined (as the server reads them).
            var index = fields.FindIndex(f => f.Name == name && f.Kind == "checkbox");
            var options = index >= 0 ? [.. fields[index].Options, input.Value] : new List<string> { input.Value };
            var chosen = (index >= 0 ? fields[index].Value : null) is { } before
                ? (input.IsDefaultChecked ? before + "," + input.Value : before)
                : (input.IsDefaultChecked ? input.Value : null);
            var field = new FormField(name, "checkbox", options, chosen, null);
            if (index >= 0) fields[index] = field;
            else fields.Add(field);
            return;
        }
        fields.Add(new FormField(name, type, [], input.GetAttribute("value"), MaxLength(input), Number(input, "min"), Number(input, "max"), input.GetAttribute("step")));
    }

    private static double? Number(IElement element, string attribute) =>
        double.TryParse(element.GetAttribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string? Name(IElement element) => element.GetAttribute("name") is { Length: > 0 } name ? name : null;

    private static int? MaxLength(IElement element) =>
        int.TryParse(element.GetAttribute("maxlength")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
