using System.Globalization;

namespace MisuseLab.Bots;

/// <summary>
/// Picks a valid value for a form control by policy. A control whose options are all whole numbers is a rating
/// scale (trusting: the top, sceptical: the bottom); any other set of options is a choice (trusting: the first,
/// sceptical: the last); free text gets a short sentence within the control's maxlength. Random draws everything.
/// </summary>
public static class AnswerPolicy
{
    public static string Choose(FormField field, BotPolicy policy, Random random, int participant)
    {
        ArgumentNullException.ThrowIfNull(field);
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
