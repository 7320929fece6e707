using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Platform.Remedies;

/// <summary>
/// How the answers of locate and remedy pages arrive from a form. Their fields are named <c>task.&lt;item&gt;.…</c>, not
/// <c>answer.…</c>, because they are one answer made of several fields and are saved only when the page is submitted
/// (the autosave path takes one field per item): a locate page sends <c>task.ID.column.K</c> and <c>task.ID.value.K</c>
/// for K = 1…marks and <c>task.ID.text</c>; a remedy page sends the chosen option ids as <c>task.ID.choice</c> (several
/// checkboxes, which the form joins with commas; none checked = no fix).
/// </summary>
public static class TaskForm
{
    public const string Prefix = "task.";

    public static string Column(string itemId, int mark) => $"{Prefix}{itemId}.column.{mark}";
    public static string Value(string itemId, int mark) => $"{Prefix}{itemId}.value.{mark}";
    public static string Text(string itemId) => $"{Prefix}{itemId}.text";
    public static string Choice(string itemId) => $"{Prefix}{itemId}.choice";

    /// <summary>The marks and note of a locate form, or null with <paramref name="error"/> saying what the participant must change.</summary>
    public static LocateAnswer? ReadLocate(PageDefinition page, string itemId, IReadOnlyDictionary<string, string> form, out string? error)
    {
        error = null;
        var marks = new List<LocateMark>();
        for (var k = 1; k <= page.Marks; k++)
        {
            var column = Field(form, Column(itemId, k));
            var value = Field(form, Value(itemId, k));
            if (column is null && value is null) continue;
            if (column is null) { error = $"Mark {k}: choose a column for the value '{Shorten(value!)}', or clear the value."; return null; }
            if (!LocateColumns.Contains(column)) { error = $"Mark {k}: expected one of the listed columns; found '{Shorten(column)}'."; return null; }
            if (value is { Length: > LocateColumns.MaxValueLength }) { error = $"Mark {k}: the value is {value.Length} characters long; at most {LocateColumns.MaxValueLength} are allowed."; return null; }
            marks.Add(new LocateMark(column, value));
        }
        var text = Field(form, Text(itemId));
        var limit = page.Questions.FirstOrDefault(q => q.Id == itemId)?.MaxLength ?? 2000;
        if (text is not null && text.Length > limit)
        {
            error = $"The note is {text.Length} characters long; at most {limit} are allowed. Shorten it.";
            return null;
        }
        return new LocateAnswer(marks, text);
    }

    /// <summary>The chosen remedy ids of a remedy form, in the order sent (the menu resolves and orders them).</summary>
    public static IReadOnlyList<string> ReadChoices(string itemId, IReadOnlyDictionary<string, string> form) =>
        form.TryGetValue(Choice(itemId), out var joined) ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    private static string? Field(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
