using System.Globalization;

namespace MisuseLab.Bots;

/// <summary>
/// What a bot is told about a study's entry rule, handed to it from the study file as <see cref="TaskKnowledge"/> is
/// (pages never show the rule: a participant who saw it could answer past it). <see cref="ScreenOutEvery"/> = n makes
/// every n-th bot (bots n−1, 2n−1, …) answer just outside the rule, so one run exercises both ends; 0 admits every bot.
/// </summary>
public sealed record ScreeningKnowledge(string Item, double? Min, double? Max, int ScreenOutEvery = 0)
{
    /// <summary>Whether bot <paramref name="participant"/> (0-based) is the one to be screened out.</summary>
    public bool ScreensOut(int participant) => ScreenOutEvery > 0 && (participant + 1) % ScreenOutEvery == 0;

    public bool Admits(double value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);
}

/// <summary>
/// The answer to the screening item: among the values the control offers (a rating's options, a number input's whole
/// values from min to max), those the rule admits, chosen by policy as any other answer is — or, for a bot that is to
/// be screened out, the offered value nearest the rule that it refuses (the lowest below a min, else the highest above a max).
/// </summary>
public static class ScreeningPolicy
{
    public static string Choose(FormField field, ScreeningKnowledge rule, BotPolicy policy, Random random, int participant)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(rule);
        var offered = Offered(field);
        var admitted = offered.Where(rule.Admits).ToList();
        var refused = offered.Where(v => !rule.Admits(v)).ToList();
        if (rule.ScreensOut(participant))
        {
            if (refused.Count == 0)
                throw new BotException(string.Create(CultureInfo.InvariantCulture, $"Screening item '{rule.Item}' offers no value outside [{rule.Min}, {rule.Max}], so no bot can be screened out."));
            var below = refused.Where(v => rule.Min is { } min && v < min).ToList();
            return Text(below.Count > 0 ? below.Max() : refused.Min());
        }
        if (admitted.Count == 0)
            throw new BotException(string.Create(CultureInfo.InvariantCulture, $"Screening item '{rule.Item}' offers no value inside [{rule.Min}, {rule.Max}], so no bot can take part."));
        var value = policy switch
        {
            BotPolicy.Trusting => admitted.Max(),
            BotPolicy.Sceptical => admitted.Min(),
            _ => admitted[random.Next(admitted.Count)],
        };
        return Text(value);
    }

    private static List<double> Offered(FormField field)
    {
        if (field.Kind == "number")
        {
            var low = Math.Ceiling(field.Min ?? 0);
            var high = Math.Floor(field.Max ?? low + 10);
            return [.. Enumerable.Range(0, (int)Math.Min(high - low, 10_000) + 1).Select(i => low + i)];
        }
        var values = new List<double>();
        foreach (var option in field.Options)
        {
            if (!double.TryParse(option, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new BotException($"Screening item '{field.Name}' has option '{option}', which is not a number; a screening item is a rating or a number.");
            values.Add(v);
        }
        return values;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
