using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Reports;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// tasks.csv: one row per locate or remedy answer, the stored JSON of responses.csv's value spread into columns (the
/// chosen remedies, the retrained model's hash and scores; the marks, precision, recall and the defects located), and
/// tasks.json: the per-cell <see cref="TaskReport"/> of completed participants. Written only for studies with such pages.
/// Scores are written at full (round-trip) precision: the declared task outcomes are recomputed from this file in R.
/// </summary>
internal static class TaskExport
{
    public static readonly IReadOnlyList<string> Columns =
        ["pseudonym", "cell", "item", "item_type", "choices", "model_sha256", "auc", "log_loss", "accuracy", "auc_gain", "marks", "correct_marks", "precision", "recall", "detected"];

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["pseudonym"] = "Participant's random pseudonym (join to participants.csv).",
        ["cell"] = "Condition cell id from the study file.",
        ["item"] = "Id of the locate or remedy page (its answer's item id in responses.csv).",
        ["item_type"] = "locate or remedy.",
        ["choices"] = "Remedy: the chosen remedy ids in menu order, separated by ';'; empty = no fix.",
        ["model_sha256"] = "Remedy: SHA-256 of the canonical JSON of the model retrained with the chosen fixes (same seed and hyperparameters).",
        ["auc"] = "Remedy: AUC of the retrained model on the clean adult.test.",
        ["log_loss"] = "Remedy: log-loss of the retrained model on the clean adult.test.",
        ["accuracy"] = "Remedy: accuracy of the retrained model on the clean adult.test (threshold 0.5).",
        ["auc_gain"] = "Remedy: auc minus the AUC of the unfixed model (positive = the fixes helped).",
        ["marks"] = "Locate: number of marks (column, optional value) the participant made.",
        ["correct_marks"] = "Locate: marks that locate some injected defect.",
        ["precision"] = "Locate: correct_marks / marks; empty when nothing was marked.",
        ["recall"] = "Locate: defects located / defects injected.",
        ["detected"] = "Locate: the defects located, as name@$.data.defects[i], separated by ';'.",
    };

    public static bool Applies(StudyDataset data) => data.Definition.Pages.Any(p => p.Kind is PageKind.Locate or PageKind.Remedy);

    public static void Write(StudyDataset data, CsvTable csv)
    {
        var locate = TaskRows.Locate(data.Responses).ToDictionary(l => l.Response);
        var remedy = TaskRows.Remedy(data.Responses).ToDictionary(r => r.Response);
        foreach (var r in data.Responses)
        {
            if (remedy.TryGetValue(r, out var fix))
            {
                var s = fix.Score;
                csv.Row([r.Participant.Pseudonym, r.Participant.Cell, r.Item.ItemId, r.Item.Type, string.Join(';', s.Choices), s.ModelSha256,
                    CsvTable.Exact(s.Auc), CsvTable.Exact(s.LogLoss), CsvTable.Exact(s.Accuracy), CsvTable.Exact(s.AucGain), "", "", "", "", ""]);
            }
            else if (locate.TryGetValue(r, out var found))
            {
                var s = found.Score;
                csv.Row([r.Participant.Pseudonym, r.Participant.Cell, r.Item.ItemId, r.Item.Type, "", "", "", "", "", "",
                    s.Marks.ToString(CultureInfo.InvariantCulture), s.CorrectMarks.ToString(CultureInfo.InvariantCulture), CsvTable.Exact(s.Precision), CsvTable.Exact(s.Recall),
                    string.Join(';', s.Defects.Where(d => d.Detected).Select(d => $"{d.Defect}@{d.SpecPath}"))]);
            }
        }
    }

    public static byte[] Json(TaskReport report) => JsonSerializer.SerializeToUtf8Bytes(report, AnalysisJson.Options);

    public static IEnumerable<string?[]> CodebookRows()
    {
        foreach (var column in Columns) yield return ["tasks.csv", column, "", "", "", "", "", "", "", "", Descriptions[column]];
    }
}
