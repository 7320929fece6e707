using System.Globalization;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Declared;

/// <summary>
/// Runs a study's declared analysis (<see cref="AnalysisPlan"/>) on a dataset, twice: on every participant who
/// answered ("all") and on those the exclusion rules keep ("included"). Per rating: clm of rating ~ factors crossed,
/// the LR test of the focal term, the adjusted model with the covariates, the proportional-odds check, TOST and effect
/// sizes. Per keyed outcome: participant-level accuracy, cluster-robust logistic regression, calibration. Then Holm
/// over the declared family. What R must reproduce is in <see cref="DeclaredAnalysisOptions"/>.
/// </summary>
public static class DeclaredAnalysis
{
    /// <summary>Null when the study declares no analysis.</summary>
    public static DeclaredAnalysisReport? Run(StudyDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Definition.Analysis is not { } plan) return null;
        var cells = data.Definition.Conditions.Cells.Select(c => c.Id).ToList();
        var decisions = ExclusionScreen.Apply(data, plan.Exclusions);
        var options = DeclaredAnalysisOptions.For(plan);
        return new DeclaredAnalysisReport(data.Version.Slug, data.Version.Version, data.Version.StudyHash, plan, options, cells,
            [.. data.Participants.Select(p => decisions[p.Record.Id])], ExclusionScreen.Count(decisions.Values, cells),
            Sample(data, plan, options, DeclaredAnalysisReport.AllSample, p => !p.IsScreenedOut),
            Sample(data, plan, options, DeclaredAnalysisReport.IncludedSample, p => !decisions[p.Record.Id].Excluded))
        {
            PaperTable2 = plan.Replication is { } replication ? Reports.Kaur2020.PaperTable2Analysis.Run(data, replication, decisions) : null,
        };
    }

    private static SampleAnalysis Sample(StudyDataset data, AnalysisPlan plan, DeclaredAnalysisOptions options, string name, Func<DatasetParticipant, bool> keep)
    {
        var people = data.Participants.Where(keep).ToList();
        var ids = people.Select(p => p.Record.Id).ToHashSet();
        var responses = data.Responses.Where(r => ids.Contains(r.Participant.Record.Id)).ToList();
        var context = new OutcomeContext(data, plan, options, responses);
        var outcomes = plan.Primary.Select(o => context.Analyse(o, primary: true))
            .Concat(plan.Secondary.Select(o => context.Analyse(o, primary: false))).ToList();
        var family = plan.Correction.Family.Select(id => outcomes.First(o => o.Outcome == id))
            .Where(o => !double.IsNaN(o.FocalPValue)).Select(o => (o.Outcome, o.FocalPValue)).ToList();
        var correction = family.Count == 0 ? [] : plan.Correction.Method == CorrectionPlan.Holm
            ? HolmAdjustment.Adjust(family)
            : family.Select(f => new AdjustedPValue(f.Outcome, f.FocalPValue, f.FocalPValue)).ToList();
        var byCell = data.Definition.Conditions.Cells.ToDictionary(c => c.Id, c => people.Count(p => p.Cell == c.Id), StringComparer.Ordinal);
        return new SampleAnalysis(name, people.Count, byCell, outcomes, correction);
    }

    /// <summary>Model terms of a full factorial in R's order for <c>a * b * c</c>: main effects, then two-way, … interactions.</summary>
    public static IReadOnlyList<string> FactorialTerms(IReadOnlyList<string> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var subsets = new List<List<int>>();
        for (var mask = 1; mask < 1 << factors.Count; mask++)
            subsets.Add([.. Enumerable.Range(0, factors.Count).Where(i => (mask & (1 << i)) != 0)]);
        return [.. subsets.OrderBy(s => s.Count).ThenBy(s => string.Join(",", s.Select(i => i.ToString("D3", CultureInfo.InvariantCulture))), StringComparer.Ordinal)
            .Select(s => string.Join(":", s.Select(i => factors[i])))];
    }

    /// <summary>Confidence rating mapped to [0, 1] over its scale: (value − min) / (max − min).</summary>
    internal static double? Confidence(DatasetResponse? r) =>
        r?.Item.Scale is { } scale && double.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? (v - scale.Min) / (scale.Max - scale.Min) : null;
}
