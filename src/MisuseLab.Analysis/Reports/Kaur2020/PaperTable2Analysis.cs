using System.Globalization;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Storage.Coding;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Reports.Kaur2020;

/// <summary>
/// Computes <see cref="PaperTable2Report"/> from a dataset and its study's <c>analysis.replication</c>: one value per
/// participant and row, then <see cref="PaperAnalysis"/>. Accuracy is the percentage of the listed keyed questions the
/// participant answered that were right. A rating row is the participant's mean over its items (a declared average's
/// items; a NASA-TLX question's six subscales, its Raw TLX) — block ratings averaged per participant as the paper's SDs
/// imply. A participant counts toward a suspicion row when any of their open answers carries the code; only
/// participants with at least one coded open answer are counted (n), and a sample with none is "not coded".
/// An answer's codes are the analyst's final code when set, else the codes every blind coder who reviewed it gave.
/// </summary>
public static class PaperTable2Analysis
{
    public const string Method =
        "Kaur et al.'s preregistered analysis: block ratings averaged per participant first (the paper's SDs of 0.6–1.1 on a 1–7 scale are those of averages); " +
        "two-way ANOVA tool × normal/manipulated (sequential SS, R's aov); Welch t-tests GN–GM, GN–SN, SN–SM, GM–SM (R's t.test) with Cohen's d (pooled SD); " +
        "Fisher's exact test of coded suspicion, normal vs manipulated pooled over tools.";

    public static PaperTable2Report Run(StudyDataset data, ReplicationPlan plan, IReadOnlyDictionary<long, ExclusionDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(decisions);
        return new PaperTable2Report(plan.Paper, PaperTable2.Source, Method,
            string.Create(CultureInfo.InvariantCulture, $"F(1, {PaperTable2.ModelReasonableDfResidual}) = {PaperTable2.ModelReasonableF:0.00} (normal vs manipulated, model reasonable)"),
            Sample(data, plan, DeclaredAnalysisReport.AllSample, p => !p.IsScreenedOut),
            Sample(data, plan, DeclaredAnalysisReport.IncludedSample, p => !decisions[p.Record.Id].Excluded));
    }

    private static PaperTable2Sample Sample(StudyDataset data, ReplicationPlan plan, string name, Func<DatasetParticipant, bool> keep)
    {
        var people = data.Participants.Where(keep).ToList();
        var ids = people.Select(p => p.Record.Id).ToHashSet();
        var responses = data.Responses.Where(r => ids.Contains(r.Participant.Record.Id)).ToList();
        var cells = new PaperCells(plan.Cells.Gn, plan.Cells.Gm, plan.Cells.Sn, plan.Cells.Sm);
        var rows = new List<PaperTable2Row>();
        var measures = new Dictionary<string, string?>
        {
            [PaperTable2.Accuracy] = plan.Rows.Accuracy.Count == 0 ? null : string.Join(", ", plan.Rows.Accuracy),
            [PaperTable2.Confidence] = plan.Rows.Confidence,
            [PaperTable2.ExplanationsReasonable] = plan.Rows.ExplanationsReasonable,
            [PaperTable2.ModelReasonable] = plan.Rows.ModelReasonable,
            [PaperTable2.CognitiveLoad] = plan.Rows.CognitiveLoad,
            [PaperTable2.Deploy] = plan.Rows.Deploy,
            [PaperTable2.SuspiciousDataModel] = plan.Rows.SuspiciousDataModel,
            [PaperTable2.SuspiciousTool] = plan.Rows.SuspiciousTool,
        };
        foreach (var paper in PaperTable2.Rows)
        {
            var measure = measures[paper.Outcome];
            if (measure is null)
                rows.Add(new PaperTable2Row(paper.Outcome, paper.Label, null, PaperTable2Row.NotMeasured, Figures(paper, cells, _ => (0, null, null, null)), null, [], null));
            else if (paper.Cells[0].Count is not null)
                rows.Add(Suspicion(data, paper, cells, measure, people, responses));
            else
            {
                var values = paper.Outcome == PaperTable2.Accuracy ? Accuracy(plan.Rows.Accuracy, responses) : Ratings(data, measure, responses);
                var byCell = values.GroupBy(v => v.Participant.Cell).ToDictionary(g => g.Key, g => (IReadOnlyList<double>)[.. g.Select(v => v.Value)], StringComparer.Ordinal);
                var result = PaperAnalysis.Rating(paper, cells, byCell);
                var ours = result.Ours;
                rows.Add(new PaperTable2Row(paper.Outcome, paper.Label, measure, PaperTable2Row.Measured,
                    Figures(paper, cells, i => (ours[i].N, ours[i].N == 0 ? null : ours[i].Mean, ours[i].N < 2 ? null : ours[i].StandardDeviation, null)),
                    result.Anova, result.TTests, null));
            }
        }
        return new PaperTable2Sample(name, people.Count, rows);
    }

    /// <summary>Per participant, 100 × right / answered over the listed keyed questions (participants who answered none are left out).</summary>
    internal static List<(DatasetParticipant Participant, double Value)> Accuracy(IReadOnlyList<string> items, IReadOnlyList<DatasetResponse> responses)
    {
        var set = items.ToHashSet(StringComparer.Ordinal);
        return [.. responses.Where(r => !r.Item.IsConfidence && set.Contains(r.Item.ItemId) && r.Correct is not null)
            .GroupBy(r => r.Participant.Record.Id)
            .Select(g => (g.First().Participant, 100.0 * g.Count(r => r.Correct == true) / g.Count()))];
    }

    /// <summary>Per participant, the mean of their answered rating items of a declared average, a Likert or a NASA-TLX question.</summary>
    internal static List<(DatasetParticipant Participant, double Value)> Ratings(StudyDataset data, string reference, IReadOnlyList<DatasetResponse> responses)
    {
        var questions = (data.Definition.Analysis?.Averages.FirstOrDefault(a => a.Id == reference)?.Items ?? [reference]).ToHashSet(StringComparer.Ordinal);
        return ParticipantMeans.Of(responses.Where(r => r.Item.PageIndex >= 0), questions);
    }

    private static PaperTable2Row Suspicion(StudyDataset data, PaperRow paper, PaperCells cells, string code, List<DatasetParticipant> people, List<DatasetResponse> responses)
    {
        var blind = data.CoderCodes.ToLookup(c => (c.ParticipantId, c.ItemId));
        var coded = new Dictionary<long, bool>();
        foreach (var r in responses.Where(r => r.Item.Question.Kind == QuestionKind.Text))
        {
            var key = (r.Participant.Record.Id, r.Item.ItemId);
            IReadOnlyList<string>? codes = !string.IsNullOrWhiteSpace(r.Code) ? FreeTextCodeRepository.Split(r.Code)
                : blind[key].Any() ? [.. blind[key].Select(c => FreeTextCodeRepository.Split(c.Code)).Aggregate((a, b) => [.. a.Intersect(b, StringComparer.OrdinalIgnoreCase)])]
                : null;
            if (codes is null) continue;
            coded[key.Item1] = (coded.TryGetValue(key.Item1, out var already) && already) || codes.Contains(code, StringComparer.OrdinalIgnoreCase);
        }
        if (coded.Count == 0)
            return new PaperTable2Row(paper.Outcome, paper.Label, code, PaperTable2Row.NotCoded, Figures(paper, cells, _ => (0, null, null, null)), null, [], null);
        var flags = people.Where(p => coded.ContainsKey(p.Record.Id)).GroupBy(p => p.Cell)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<bool>)[.. g.Select(p => coded[p.Record.Id])], StringComparer.Ordinal);
        var result = PaperAnalysis.Count(paper, cells, flags);
        return new PaperTable2Row(paper.Outcome, paper.Label, code, PaperTable2Row.Measured,
            Figures(paper, cells, i => (result.Ours[i].N, null, null, result.Ours[i].Count)), null, [], result.FisherP);
    }

    private static List<PaperTable2Cell> Figures(PaperRow paper, PaperCells cells, Func<int, (int N, double? Mean, double? Sd, int? Count)> ours)
    {
        string[] conditions = ["GN", "GM", "SN", "SM"];
        string[] ids = [cells.Gn, cells.Gm, cells.Sn, cells.Sm];
        return [.. Enumerable.Range(0, 4).Select(i =>
        {
            var (n, mean, sd, count) = ours(i);
            return new PaperTable2Cell(conditions[i], ids[i], paper.Cells[i], n, mean, sd, count);
        })];
    }
}
