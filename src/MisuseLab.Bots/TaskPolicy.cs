using System.Globalization;
using System.Text.RegularExpressions;

namespace MisuseLab.Bots;

/// <summary>
/// Answers the fields of locate and remedy pages (<c>task.ID.column.K</c>, <c>task.ID.value.K</c>, <c>task.ID.text</c>,
/// <c>task.ID.choice</c>), which are sent with the page, never autosaved. Oracle: the marks and remedies of its
/// <see cref="TaskKnowledge"/>; random: each mark row filled with probability ½ (a random column, no value) and each
/// remedy checked with probability ½ (possibly none); trusting and sceptical leave them empty (nothing marked, no fix).
/// </summary>
public static partial class TaskPolicy
{
    public const string Prefix = "task.";

    [GeneratedRegex(@"^task\.(?<item>[^.]+)\.(?<part>column|value)\.(?<k>[0-9]+)$")]
    private static partial Regex MarkField();

    public static List<KeyValuePair<string, string>> Choose(IReadOnlyList<FormField> fields, BotPolicy policy, TaskKnowledge? knowledge, Random random)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new List<KeyValuePair<string, string>>();
        if (policy is BotPolicy.Trusting or BotPolicy.Sceptical) return values;
        var oracle = policy == BotPolicy.Oracle ? knowledge ?? throw new BotException("The oracle policy needs the study's TaskKnowledge.") : null;
        foreach (var field in fields.Where(f => f.Name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            if (field.Kind == "checkbox")
            {
                var chosen = oracle is not null
                    ? field.Options.Where(o => oracle.Remedies.Contains(o))
                    : field.Options.Where(_ => random.Next(2) == 0).ToList();
                values.Add(new(field.Name, string.Join(",", chosen)));
                continue;
            }
            var mark = MarkField().Match(field.Name);
            if (!mark.Success)
            {
                if (field.Name.EndsWith(".text", StringComparison.Ordinal) && oracle is not null)
                    values.Add(new(field.Name, "Marked from the study's defect manifest."));
                continue;
            }
            var k = int.Parse(mark.Groups["k"].Value, CultureInfo.InvariantCulture) - 1;
            if (oracle is not null)
            {
                if (k >= oracle.Marks.Count) continue;
                var (column, value) = oracle.Marks[k];
                if (mark.Groups["part"].Value == "column") values.Add(new(field.Name, column));
                else if (value is not null) values.Add(new(field.Name, value));
            }
            else if (mark.Groups["part"].Value == "column" && field.Options.Count > 0 && random.Next(2) == 0)
            {
                values.Add(new(field.Name, field.Options[random.Next(field.Options.Count)]));
            }
        }
        return values;
    }
}
