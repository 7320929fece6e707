using System.Globalization;
using System.Text.Json;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Remedies;

/// <summary>
/// What a participant who knew the study file would answer on its locate and remedy pages: one mark per injected
/// defect — its <c>column</c> parameter and, when it has one, its <c>value</c> (the value an imputation wrote); label
/// noise as <see cref="LocateMark.Labels"/>, duplicated rows as <see cref="LocateMark.Rows"/> — and every remedy that
/// repairs an injected defect (<see cref="RemedyMenu.Oracle"/>). Read from the file, as the oracle bot is handed it.
/// </summary>
public static class OracleAnswers
{
    public static IReadOnlyList<LocateMark> Marks(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var marks = new List<LocateMark>();
        foreach (var d in definition.Data.Defects)
        {
            var p = d.Parameters;
            if (d.Name == LabelNoiseParameters.Name) marks.Add(new LocateMark(LocateMark.Labels));
            else if (d.Name == DuplicateRowsParameters.Name) marks.Add(new LocateMark(LocateMark.Rows));
            else if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("column", out var column) && column.ValueKind == JsonValueKind.String)
                marks.Add(new LocateMark(column.GetString()!, p.TryGetProperty("value", out var value) ? Text(value) : null));
        }
        return marks;
    }

    public static IReadOnlyList<string> Remedies(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.RemedyMenu().Oracle(definition.Data.Defects.Select(d => d.Name)).Select(o => o.Id)];
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };
}
