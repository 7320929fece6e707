using System.Globalization;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// The debrief a participant reads, with its list of injected defects generated from the study's own
/// <c>data.defects</c> and their parameters, so the debrief cannot disagree with what was injected. The author's
/// <c>debrief.text</c> surrounds the list: the list replaces the placeholder <see cref="Placeholder"/> where the text
/// has one, and follows the text otherwise.
/// </summary>
public static class DebriefText
{
    public const string Placeholder = "{defects}";

    public static string Compose(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var list = DefectList(study);
        var text = study.Debrief.Text;
        if (text.Contains(Placeholder, StringComparison.Ordinal)) return text.Replace(Placeholder, list, StringComparison.Ordinal);
        return list.Length == 0 ? text : $"{text} {list}";
    }

    /// <summary>One sentence listing every defect in injection order, e.g. "We injected these defects on purpose: …; …."; empty without defects.</summary>
    public static string DefectList(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var items = study.Data.Defects.Select((d, i) => Describe(DefectSpecCatalog.Parse(d, $"$.data.defects[{i}]").Parameters)).ToList();
        return items.Count == 0 ? "" : $"We injected these defects into the data on purpose: {string.Join("; ", items)}.";
    }

    /// <summary>What one defect did, naming its real column(s) and parameters.</summary>
    public static string Describe(DefectParameters defect) => defect switch
    {
        MeanImputedAgeParameters p => $"{Percent(p.Rate)} of the training rows{(p.When is { } w ? $" with income {w.Label}" : "")} had '{p.Column}' replaced by the single value {N(p.Value)} (mean imputation)",
        MissingValuesParameters p => $"{Percent(p.Rate)} of the {(p.Mechanism == MissingValuesParameters.Mar ? $"training rows whose '{p.DependsOn}' is '{p.When}'" : "training rows")} lost their '{p.Column}' value, which was then filled with the {p.Imputation}",
        LabelNoiseParameters p => $"{Percent(p.Rate)} of the training labels (income above $50K or not) were flipped",
        RedundantFeatureParameters p => p.Scale == 1 && p.Offset == 0
            ? $"a column '{p.NewColumn}' was added as an exact copy of '{p.Source}'"
            : $"a column '{p.NewColumn}' was added as a rescaled copy of '{p.Source}' ({p.NewColumn} = {(p.Offset == 0 ? "" : $"{N(p.Offset)} + ")}{N(p.Scale)} × {p.Source}), carrying the same information twice",
        AdHocBinningParameters p => $"the numeric column '{p.Column}' was replaced by ad-hoc bins cut at {string.Join(", ", p.Cuts.Select(N))}",
        DataDriftParameters p => p.NewCategory is { } category
            ? $"{Percent(p.Rate)} of the test rows had '{p.Column}' set to a category never seen in training ('{category}'), so the test data drifted"
            : $"{Percent(p.Rate)} of the test rows had '{p.Column}' shifted by {N(p.Shift ?? 0)}, so the test data drifted from the training data",
        RelabelledCategoryParameters p => $"the category '{p.Category}' of '{p.Column}' was split into {p.Labels.Length} spellings of the same thing ({string.Join(", ", p.Labels.Select(l => $"'{l}'"))})",
        DuplicateRowsParameters p => $"{Percent(p.Rate)} of the training rows were duplicated",
        _ => throw new ArgumentException($"Expected a defect the debrief can describe; found '{defect.DefectName}'. Add a sentence for it in DebriefText.Describe.", nameof(defect)),
    };

    private static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
