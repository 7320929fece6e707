using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Reports;

/// <summary>Detection of one injected defect (by its place in <c>data.defects</c>) on a locate page, per cell (Wilson).</summary>
public sealed record LocatedDefectRate(string Item, string Defect, string SpecPath, IReadOnlyList<ProportionEstimate> ByCell);

/// <summary>
/// What participants did on locate and remedy pages, per cell: the share who located each defect, per-participant
/// precision and recall (precision undefined — left out — for a participant who marked nothing), and the
/// distribution of the clean-test AUC gain of their chosen fixes (mean, SD, median, quartiles: R type 7).
/// </summary>
public sealed record TaskReport(
    IReadOnlyList<LocatedDefectRate> Detection,
    IReadOnlyList<GroupDescriptives> Precision,
    IReadOnlyList<GroupDescriptives> Recall,
    IReadOnlyList<GroupDescriptives> AucGain)
{
    /// <summary>Null when the study has no locate or remedy page.</summary>
    public static TaskReport? Analyze(StudyDefinition definition, IReadOnlyList<DatasetResponse> responses, IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.Pages.Any(p => p.Kind is PageKind.Locate or PageKind.Remedy)) return null;
        var locate = TaskRows.Locate(responses);
        var remedy = TaskRows.Remedy(responses);
        var detection = new List<LocatedDefectRate>();
        foreach (var item in locate.Select(l => l.Response.Item.ItemId).Distinct(StringComparer.Ordinal))
        {
            var rows = locate.Where(l => l.Response.Item.ItemId == item).ToList();
            for (var d = 0; d < definition.Data.Defects.Count; d++)
            {
                var path = $"$.data.defects[{d}]";
                var outcomes = rows.Select(l => (l.Response.Participant.Cell, l.Score.Defects.Any(x => x.SpecPath == path && x.Detected)));
                detection.Add(new LocatedDefectRate(item, definition.Data.Defects[d].Name, path, StudyAnalysis.Proportions(cells, outcomes)));
            }
        }
        return new TaskReport(detection,
            ByCell(cells, locate.Where(l => l.Score.Precision is not null).Select(l => (l.Response.Participant.Cell, l.Score.Precision!.Value))),
            ByCell(cells, locate.Select(l => (l.Response.Participant.Cell, l.Score.Recall))),
            ByCell(cells, remedy.Select(r => (r.Response.Participant.Cell, r.Score.AucGain))));
    }

    private static IReadOnlyList<GroupDescriptives> ByCell(IReadOnlyList<string> cells, IEnumerable<(string Cell, double Value)> values)
    {
        var list = values.ToList();
        return [.. cells.Select(c => Descriptives.Describe(c, [.. list.Where(v => v.Cell == c).Select(v => v.Value)]))];
    }
}
