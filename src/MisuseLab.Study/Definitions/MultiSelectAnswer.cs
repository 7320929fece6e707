using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// The answer to a multi-select question. On the wire a browser sends the chosen checkboxes' values, option indices,
/// which the form joins with commas ("0,3"); what is stored is the canonical JSON array of the chosen options' texts
/// in option order (<c>["Global importance","Age plot"]</c>), readable in the export and independent of the option
/// order of a later version. Both forms are accepted, so a stored answer submitted again is stored unchanged.
/// </summary>
public static class MultiSelectAnswer
{
    /// <summary>The chosen option indices (ascending, distinct), or null with <paramref name="error"/> naming what was wrong.</summary>
    public static int[]? Parse(string value, IReadOnlyList<string> options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        error = null;
        var text = value.Trim();
        var chosen = new SortedSet<int>();
        if (text.StartsWith('['))
        {
            string?[]? names;
            try { names = JsonSerializer.Deserialize<string?[]>(text); }
            catch (JsonException) { names = null; }
            if (names is null) { error = "Expected a JSON array of option texts or comma-separated option numbers; found malformed JSON."; return null; }
            foreach (var name in names)
            {
                var index = name is null ? -1 : IndexOf(options, name);
                if (index < 0) { error = $"Expected only listed options; found '{Shorten(name ?? "null")}'."; return null; }
                chosen.Add(index);
            }
        }
        else
        {
            foreach (var part in text.Split(','))
            {
                if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= options.Count)
                {
                    error = $"Expected option numbers from 0 to {options.Count - 1}; found '{Shorten(part.Trim())}'.";
                    return null;
                }
                chosen.Add(index);
            }
        }
        if (chosen.Count == 0) { error = "Expected at least one chosen option; found none."; return null; }
        return [.. chosen];
    }

    /// <summary>The stored form: the chosen options' texts in option order, as a JSON array.</summary>
    public static string Normalise(IReadOnlyList<string> options, IEnumerable<int> indices) =>
        JsonSerializer.Serialize(indices.Order().Distinct().Select(i => options[i]).ToArray());

    /// <summary>The chosen indices of a stored or submitted value; empty when it is empty or does not parse (for redisplay only).</summary>
    public static IReadOnlySet<int> Selected(string? value, IReadOnlyList<string> options) =>
        string.IsNullOrWhiteSpace(value) ? new HashSet<int>() : (IReadOnlySet<int>?)Parse(value, options, out _)?.ToHashSet() ?? new HashSet<int>();

    /// <summary>The chosen option texts of a stored answer (for analysis and export).</summary>
    public static IReadOnlyList<string> Options(string stored, IReadOnlyList<string> options) =>
        Parse(stored, options, out var error) is { } indices ? [.. indices.Select(i => options[i])]
            : throw new FormatException($"Expected a stored multi-select answer; {error}");

    private static int IndexOf(IReadOnlyList<string> options, string name)
    {
        for (var i = 0; i < options.Count; i++) if (string.Equals(options[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
