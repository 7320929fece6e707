using System.Text.Json;

namespace MisuseLab.Study.Defects;

/// <summary>
/// Which training rows a defect may touch, as a study file writes it: <c>"when": {"label": "&gt;50K"}</c>. Only the
/// income label is supported: Kaur et al. imputed age for 10% of the people earning more than $50K, which is what
/// makes the model's output spike at 38 (an imputation spread over all rows would barely show).
/// </summary>
/// <param name="Label"><c>&gt;50K</c> or <c>&lt;=50K</c>, the spelling of the manifest's income column.</param>
public sealed record RowCondition(string Label)
{
    public bool Matches(bool aboveFiftyK) => aboveFiftyK == (Label == ManifestValue.LabelAbove);

    public void Validate(string path, List<DefectSpecError> errors)
    {
        if (Label is not (ManifestValue.LabelAbove or ManifestValue.LabelAtMost))
            errors.Add(new($"{path}.label", $"expected \"{ManifestValue.LabelAbove}\" or \"{ManifestValue.LabelAtMost}\"; found \"{Label}\"."));
    }

    public void WriteJson(Utf8JsonWriter writer, string field)
    {
        writer.WriteStartObject(field);
        writer.WriteString("label", Label);
        writer.WriteEndObject();
    }

    /// <summary>The training rows that satisfy the condition, ascending.</summary>
    public int[] Rows(bool[] labels)
    {
        var rows = new List<int>();
        for (var r = 0; r < labels.Length; r++) if (Matches(labels[r])) rows.Add(r);
        return [.. rows];
    }

    internal static RowCondition? Parse(JsonElement? element, string path, List<DefectSpecError> errors)
    {
        if (element is not { } obj) return null;
        var before = errors.Count;
        string? label = null;
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name != "label")
                errors.Add(new($"{path}.{property.Name}", $"a row condition has no field '{property.Name}'; expected only: label."));
            else if (property.Value.ValueKind == JsonValueKind.String) label = property.Value.GetString();
            else errors.Add(new($"{path}.label", $"expected a string; found {DefectJsonReader.Describe(property.Value)}."));
        }
        if (label is null && errors.Count == before)
            errors.Add(new($"{path}.label", $"expected the income label rows must have (\"{ManifestValue.LabelAbove}\" or \"{ManifestValue.LabelAtMost}\"); found no \"label\"."));
        return errors.Count == before ? new RowCondition(label!) : null;
    }
}
