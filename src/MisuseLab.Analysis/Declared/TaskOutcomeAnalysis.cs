using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Reports;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Declared;

/// <summary>
/// A task outcome (<see cref="OutcomeKind.TaskScore"/>, <c>{page}.recall|precision|auc_gain</c>): one score per
/// participant from their stored locate or remedy answer, R's <c>anova(lm(score ~ factors crossed))</c> (sequential SS,
/// factors of any number of levels), the focal term's F test, and mean ± SD and n per cell. A participant who marked
/// nothing on a locate page has no precision and is left out of that outcome (not of recall).
/// </summary>
internal static class TaskOutcomeAnalysis
{
    public const string Method = "F test of the focal term (linear model, sequential SS, R's anova(lm))";

    public static OutcomeResult Run(AnalysisOutcome outcome, bool primary, IReadOnlyList<DatasetResponse> responses, IReadOnlyList<string> cells,
        ModelFormula formula, string focalTerm, Func<DatasetParticipant, Dictionary<string, string>> levels)
    {
        var task = TaskOutcome.Parse(outcome.Reference)
            ?? throw new ArgumentException($"Expected a task outcome {{page}}.{{metric}}; found '{outcome.Reference}'.", nameof(outcome));
        var mine = responses.Where(r => r.Item.ItemId == task.Page);
        var scores = task.Metric switch
        {
            TaskOutcome.AucGain => TaskRows.Remedy(mine).Select(r => (r.Response.Participant, (double?)r.Score.AucGain)),
            TaskOutcome.Recall => TaskRows.Locate(mine).Select(l => (l.Response.Participant, (double?)l.Score.Recall)),
            _ => TaskRows.Locate(mine).Select(l => (l.Response.Participant, l.Score.Precision)),
        };
        var values = scores.Where(s => s.Item2 is not null).Select(s => (Participant: s.Participant, Value: s.Item2!.Value)).ToList();
        var byCell = cells.Select(c => OutcomeContext.Mean(c, [.. values.Where(v => v.Participant.Cell == c).Select(v => v.Value)])).ToList();
        try
        {
            var table = LinearModelAnova.Fit([.. values.Select(v => new ModelRow(0, levels(v.Participant)))], [.. values.Select(v => v.Value)], formula);
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, values.Count, focalTerm, table.Term(focalTerm).P ?? double.NaN, Method,
                null, null, byCell, [], [], null) { Anova = table };
        }
        catch (Exception e) when (e is ModelFitException or ArgumentException)
        {
            return new OutcomeResult(outcome.Reference, outcome.Kind, primary, values.Count, focalTerm, double.NaN, "", null, null, byCell, [], [], e.Message);
        }
    }
}
