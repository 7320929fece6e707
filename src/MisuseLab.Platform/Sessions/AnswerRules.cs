using System.Globalization;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Sessions;

/// <summary>
/// Which values each question accepts, and the one normal form stored: likert and confidence → the integer as
/// text; choice and catch → the option exactly as written; yes-no → "yes"/"no"; forward simulation → "a"/"b";
/// text → as typed, at most the question's max_length and never more than <see cref="MaxTextLength"/>; NASA-TLX
/// subscales → like likert; number → the shortest round-trip invariant form, within the question's range (and whole
/// when it says integer); multi-select → the JSON array of chosen options (<see cref="MultiSelectAnswer"/>).
/// </summary>
public static class AnswerRules
{
    /// <summary>Global cap on free text, whatever a study file allows.</summary>
    public const int MaxTextLength = 10_000;

    public static readonly IReadOnlyList<string> TrialOptions = ["a", "b"];

    public static int TextLimit(QuestionDefinition q) => Math.Min(q.MaxLength ?? MaxTextLength, MaxTextLength);

    /// <summary>Null when <paramref name="value"/> is acceptable (then <paramref name="normalised"/> is what to store), else a sentence for the participant.</summary>
    public static string? Check(AnswerItem item, string value, out string normalised)
    {
        normalised = value;
        var q = item.Question;
        if (item.IsRating)
        {
            var scale = q.Scale!;
            if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return $"Expected a whole number from {scale.Min} to {scale.Max} for '{item.ItemId}'; found '{Shorten(value)}'.";
            }
            if (n < scale.Min || n > scale.Max)
            {
                return $"Expected a rating from {scale.Min} to {scale.Max} for '{item.ItemId}'; found {n}.";
            }
            normalised = n.ToString(CultureInfo.InvariantCulture);
            return null;
        }
        switch (q.Kind)
        {
            case QuestionKind.Choice:
            case QuestionKind.Catch:
                return q.Options.Contains(value, StringComparer.Ordinal)
                    ? null
                    : $"Expected one of the listed options for '{item.ItemId}' ({string.Join(", ", q.Options.Select(o => $"'{o}'"))}); found '{Shorten(value)}'.";
            case QuestionKind.YesNo:
                return value is "yes" or "no" ? null : $"Expected 'yes' or 'no' for '{item.ItemId}'; found '{Shorten(value)}'.";
            case QuestionKind.ForwardSimulation:
                return value is "a" or "b" ? null : $"Expected 'a' (person A) or 'b' (person B) for '{item.ItemId}'; found '{Shorten(value)}'.";
            case QuestionKind.MultiSelect:
                if (MultiSelectAnswer.Parse(value, q.Options, out var problem) is not { } chosen)
                {
                    return $"{problem} ('{item.ItemId}' accepts {string.Join(", ", q.Options.Select(o => $"'{o}'"))}.)";
                }
                normalised = MultiSelectAnswer.Normalise(q.Options, chosen);
                return null;
            case QuestionKind.Number:
                return CheckNumber(item, q.Range!, value, out normalised);
            case QuestionKind.Text:
                var limit = TextLimit(q);
                return value.Length > limit ? $"The answer to '{item.ItemId}' is {value.Length} characters long; at most {limit} are allowed. Shorten it." : null;
            default:
                return $"Question '{item.ItemId}' has a kind this page cannot record.";
        }
    }

    private static string? CheckNumber(AnswerItem item, NumberRange range, string value, out string normalised)
    {
        normalised = value;
        var unit = range.Unit is null ? "" : " " + range.Unit;
        if (!double.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            return $"Expected a number from {F(range.Min)} to {F(range.Max)}{unit} for '{item.ItemId}'; found '{Shorten(value)}'.";
        }
        if (range.Integer && x != Math.Floor(x))
        {
            return $"Expected a whole number for '{item.ItemId}'; found {F(x)}.";
        }
        if (x < range.Min || x > range.Max)
        {
            return $"Expected a number from {F(range.Min)} to {F(range.Max)}{unit} for '{item.ItemId}'; found {F(x)}.";
        }
        normalised = F(x);
        return null;

        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
