using System.Globalization;

namespace MisuseLab.Bots;

/// <summary>
/// Picks a valid value for a form control by policy. A control whose options are all whole numbers is a rating
/// scale (trusting: the top, sceptical: the bottom); any other set of options is a choice (trusting: the first,
/// sceptical: the last); free text gets a short sentence within the control's maxlength; a number input a value within
/// its min and max; a checkbox group a non-empty set of its boxes. Random draws everything.
/// </summary>
public static class AnswerPolicy
{
    public static string Choose(FormField field, BotPolicy policy, Random random, int participant)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Kind == "number") return Number(field, policy, random);
        if (field.Kind == "checkbox") return Checkboxes(field, policy, random);
        if (field.Options.Count == 0)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Bot participant {participant} ({policy.ToString().ToLowerInvariant()}): the age bump at 38 looks like imputed values.");
            return field.MaxLength is { } max && max < text.Length ? text[..Math.Max(1, max)] : text;
        }
        var ratings = AsRatings(field.Options);
        if (ratings is not null)
        {
            var value = policy switch
            {
                BotPolicy.Trusting => ratings.Max(),
                BotPolicy.Sceptical => ratings.Min(),
                _ => ratings[random.Next(ratings.Length)],
            };
            return value.ToString(CultureInfo.InvariantCulture);
        }
        return policy switch
        {
            BotPolicy.Trusting => field.Options[0],
            BotPolicy.Sceptical => field.Options[^1],
            _ => field.Options[random.Next(field.Options.Count)],
        };
    }

    /// <summary>A number within the input's min and max (trusting: the max, sceptical: the min); whole unless step is "any".</summary>
    private static string Number(FormField field, BotPolicy policy, Random random)
    {
        var min = field.Min ?? 0;
        var max = field.Max ?? min + 10;
        var whole = field.Step != "any";
        var low = whole ? Math.Ceiling(min) : min;
        var high = whole ? Math.Floor(max) : max;
        var value = policy switch
        {
            BotPolicy.Trusting => high,
            BotPolicy.Sceptical => low,
            _ => whole ? low + random.Next((int)(high - low) + 1) : low + random.NextDouble() * (high - low),
        };
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Checked boxes, comma-joined as a form sends them: trusting the first, sceptical the last two, random any non-empty subset.</summary>
    private static string Checkboxes(FormField field, BotPolicy policy, Random random)
    {
        var options = field.Options;
        IEnumerable<string> chosen = policy switch
        {
            BotPolicy.Trusting => [options[0]],
            BotPolicy.Sceptical => options.Skip(Math.Max(0, options.Count - 2)),
            _ => options.Where(_ => random.Next(2) == 0).DefaultIfEmpty(options[random.Next(options.Count)]),
        };
        return string.Join(",", chosen);
    }

    private static int[]? AsRatings(IReadOnlyList<string> options)
    {
        var values = new int[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            if (!int.TryParse(options[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i])) return null;
        }
        return values;
    }
}
