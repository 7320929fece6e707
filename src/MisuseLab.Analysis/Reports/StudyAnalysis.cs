using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Reports;

/// <summary>
/// The statistics of the analysis page, computed by Study/Analysis from a <see cref="StudyDataset"/> (the same scored
/// data the export writes). Completed participants only; groups are cells, ordered as in the study file. Between
/// conditions: for a 2×2 design each factor's main effect (<see cref="TwoByTwoMainEffects"/>), otherwise every pair of
/// levels of every factor, pooled over the other factors (Mann–Whitney U, tie-corrected; yes/no outcomes by
/// <see cref="YesNoComparison"/>). No correction for multiple comparisons is applied; the page says so.
/// </summary>
public static class StudyAnalysis
{
    public static AnalysisReport Analyze(StudyDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cells = data.Definition.Conditions.Cells.Select(c => c.Id).ToList();
        var completed = data.Participants.Where(p => p.Record.Status == ParticipantStatus.Completed).ToList();
        var completedIds = completed.Select(p => p.Record.Id).ToHashSet();
        var responses = data.Responses.Where(r => completedIds.Contains(r.Participant.Record.Id)).ToList();
        var byItem = responses.ToLookup(r => r.Item.ItemId, StringComparer.Ordinal);

        var ratings = new List<RatingReport>();
        var yesNo = new List<YesNoReport>();
        var keyed = new List<KeyedReport>();
        foreach (var item in data.Items)
        {
            var rows = byItem[item.ItemId].ToList();
            if (item.IsRating && !item.IsConfidence) ratings.Add(Rating(data, item, rows, cells));
            if (item.Question.Kind == QuestionKind.YesNo) yesNo.Add(YesNoItem(data, item, rows, cells));
            if (item.IsKeyed) keyed.Add(Keyed(data, item, rows.Where(r => r.Correct is not null).ToList(), cells));
        }

        var comprehension = responses.Where(r => r.Correct is not null && r.Item.Question.Kind is QuestionKind.Choice or QuestionKind.YesNo).ToList();
        var comprehensionByCell = Proportions(cells, comprehension.Select(r => (r.Participant.Cell, r.Correct!.Value)));

        var freeText = responses.Where(r => r.Item.Question.Kind == QuestionKind.Text)
            .Select(r => new FreeTextAnswer(r.Participant.Pseudonym, r.Participant.Cell, r.Item.ItemId, r.Value, r.Code))
            .OrderBy(f => cells.IndexOf(f.Cell)).ThenBy(f => f.ItemId, StringComparer.Ordinal).ThenBy(f => f.Pseudonym, StringComparer.Ordinal).ToList();

        return new AnalysisReport(data, cells, cells.ToDictionary(c => c, c => completed.Count(p => p.Cell == c)), ratings, yesNo, keyed,
            comprehensionByCell, Defects(data, responses, cells), freeText) { Declared = Declared.DeclaredAnalysis.Run(data), Tasks = TaskReport.Analyze(data.Definition, responses, cells) };
    }

    /// <summary>One Wilson estimate per cell, in <paramref name="cells"/> order (cells without trials give NaN).</summary>
    public static IReadOnlyList<ProportionEstimate> Proportions(IReadOnlyList<string> cells, IEnumerable<(string Cell, bool Success)> outcomes)
    {
        var list = outcomes.ToList();
        return [.. cells.Select(c => WilsonInterval.Estimate(c, list.Count(o => o.Cell == c && o.Success), list.Count(o => o.Cell == c)))];
    }

    private static RatingReport Rating(StudyDataset data, AnswerItem item, List<DatasetResponse> rows, List<string> cells)
    {
        var values = rows.Select(r => (r.Participant, Value: double.Parse(r.Value, NumberStyles.Integer, CultureInfo.InvariantCulture))).ToList();
        var byCell = cells.Select(c => Descriptives.Describe(c, values.Where(v => v.Participant.Cell == c).Select(v => v.Value).ToList())).ToList();
        var notes = new List<string>();
        var comparisons = new List<LevelComparison>();
        var factors = data.Definition.Conditions.Factors;
        if (factors.Count == 2 && factors.All(f => f.Levels.Count == 2))
        {
            var a = new TwoLevelFactor(factors[0].Name, factors[0].Levels[0], factors[0].Levels[1]);
            var b = new TwoLevelFactor(factors[1].Name, factors[1].Levels[0], factors[1].Levels[1]);
            try
            {
                var analysis = TwoByTwoMainEffects.Analyze(a, b,
                    values.Select(v => new FactorialObservation(v.Participant.Levels[a.Name], v.Participant.Levels[b.Name], v.Value)).ToList());
                foreach (var effect in new[] { analysis.A, analysis.B })
                {
                    comparisons.Add(new LevelComparison(effect.Factor.Name, effect.First, effect.Second, effect.Test));
                }
            }
            catch (ArgumentException e)
            {
                notes.Add("Main effects not computed: " + e.Message);
            }
        }
        else
        {
            foreach (var factor in factors)
            {
                foreach (var (levelA, levelB) in Pairs(factor.Levels))
                {
                    var x = values.Where(v => v.Participant.Levels[factor.Name] == levelA).Select(v => v.Value).ToList();
                    var y = values.Where(v => v.Participant.Levels[factor.Name] == levelB).Select(v => v.Value).ToList();
                    if (x.Count == 0 || y.Count == 0)
                    {
                        notes.Add($"{factor.Name}: {levelA} vs {levelB} not tested: a level has no ratings yet.");
                        continue;
                    }
                    comparisons.Add(new LevelComparison(factor.Name, Descriptives.Describe($"{factor.Name}={levelA}", x),
                        Descriptives.Describe($"{factor.Name}={levelB}", y), MannWhitneyU.Test(x, y)));
                }
            }
        }
        var byCellValues = cells.Select(c => new CellValues(c, [.. values.Where(v => v.Participant.Cell == c).Select(v => v.Value)])).ToList();
        return new RatingReport(item, byCell, comparisons, notes, byCellValues);
    }

    private static YesNoReport YesNoItem(StudyDataset data, AnswerItem item, List<DatasetResponse> rows, List<string> cells) =>
        new(item, Proportions(cells, rows.Select(r => (r.Participant.Cell, r.Value == "yes"))),
            LevelTests(data, rows.Select(r => (r.Participant, r.Value == "yes")).ToList()));

    private static KeyedReport Keyed(StudyDataset data, AnswerItem item, List<DatasetResponse> rows, List<string> cells) =>
        new(item, Proportions(cells, rows.Select(r => (r.Participant.Cell, r.Correct!.Value))),
            LevelTests(data, rows.Select(r => (r.Participant, r.Correct!.Value)).ToList()));

    private static List<LevelProportionComparison> LevelTests(StudyDataset data, List<(DatasetParticipant Participant, bool Outcome)> outcomes)
    {
        var tests = new List<LevelProportionComparison>();
        foreach (var factor in data.Definition.Conditions.Factors)
        {
            foreach (var (levelA, levelB) in Pairs(factor.Levels))
            {
                var x = outcomes.Where(o => o.Participant.Levels[factor.Name] == levelA).Select(o => o.Outcome).ToList();
                var y = outcomes.Where(o => o.Participant.Levels[factor.Name] == levelB).Select(o => o.Outcome).ToList();
                if (x.Count == 0 || y.Count == 0) continue;
                tests.Add(new LevelProportionComparison(factor.Name, levelA, levelB, YesNoComparison.Compare(x, y)));
            }
        }
        return tests;
    }

    private static IEnumerable<(string, string)> Pairs(IReadOnlyList<string> levels)
    {
        for (var i = 0; i < levels.Count; i++)
            for (var j = i + 1; j < levels.Count; j++)
                yield return (levels[i], levels[j]);
    }

    /// <summary>
    /// Per defect: items that test it (the item's page shows the defect's column and the item offers or is keyed by a value
    /// the defect injected, e.g. "38" for mean-imputed-age: answering it detects the defect), and free-text codes naming it
    /// among participants with coded free text.
    /// </summary>
    private static List<DefectDetection> Defects(StudyDataset data, List<DatasetResponse> responses, List<string> cells)
    {
        var result = new List<DefectDetection>();
        var coded = responses.Where(r => r.Item.Question.Kind == QuestionKind.Text && !string.IsNullOrWhiteSpace(r.Code))
            .GroupBy(r => r.Participant.Record.Id).ToList();
        foreach (var defect in data.Definition.Data.Defects)
        {
            var (column, values) = Parameters(defect.Parameters);
            // A question on a page showing the defect's column that offers (or is keyed by) a value the defect injected:
            // answering that value detects the defect, whatever the key (a derived key such as shown-effect-spike makes
            // "38" right only where the chart shows the spike, but naming 38 is detecting the injected ages everywhere).
            foreach (var item in data.Items.Where(i => !i.IsConfidence && column is not null && data.Definition.Pages[i.PageIndex].Feature == column
                         && (i.Question.Key?.Literal is { } key && values.Contains(key) || i.Question.Options.Any(values.Contains))))
            {
                var value = item.Question.Key?.Literal is { } literal && values.Contains(literal) ? literal : item.Question.Options.First(values.Contains);
                var rows = responses.Where(r => r.Item.ItemId == item.ItemId);
                result.Add(new DefectDetection(defect.Name, item.ItemId,
                    $"answered '{value}' to “{item.Question.Prompt}”", Proportions(cells, rows.Select(r => (r.Participant.Cell, values.Contains(r.Value))))));
            }
            if (coded.Count > 0)
            {
                result.Add(new DefectDetection(defect.Name, "code", $"free text coded '{defect.Name}' (of participants with coded free text)",
                    Proportions(cells, coded.Select(g => (g.First().Participant.Cell,
                        g.Any(r => FreeTextCodeRepository.Split(r.Code).Contains(defect.Name, StringComparer.OrdinalIgnoreCase)))))));
            }
        }
        return result;
    }

    private static (string? Column, HashSet<string> Values) Parameters(JsonElement parameters)
    {
        string? column = null;
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (parameters.ValueKind != JsonValueKind.Object) return (column, values);
        foreach (var p in parameters.EnumerateObject())
        {
            if (p.Name is "column" or "source" && p.Value.ValueKind == JsonValueKind.String) column ??= p.Value.GetString();
            else if (p.Value.ValueKind == JsonValueKind.Number) values.Add(p.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture));
            else if (p.Value.ValueKind == JsonValueKind.String) values.Add(p.Value.GetString()!);
        }
        return (column, values);
    }
}
