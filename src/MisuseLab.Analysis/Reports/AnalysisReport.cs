using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Reports;

/// <summary>Two levels of one factor compared on a rating, pooling over the other factors (level A is group 1).</summary>
public sealed record LevelComparison(string Factor, GroupDescriptives A, GroupDescriptives B, MannWhitneyResult Test);

/// <summary>Two levels of one factor compared on a yes/no outcome (answered yes, or answered correctly).</summary>
public sealed record LevelProportionComparison(string Factor, string LevelA, string LevelB, YesNoComparisonResult Result);

/// <summary>A rating item: descriptives per cell, the between-condition tests, and the ratings per cell (the web app draws them).</summary>
public sealed record RatingReport(AnswerItem Item, IReadOnlyList<GroupDescriptives> ByCell, IReadOnlyList<LevelComparison> Comparisons, IReadOnlyList<string> Notes, IReadOnlyList<CellValues> Values);

/// <summary>Every rating of one cell, for drawing (the analysis page's box/strip chart).</summary>
public sealed record CellValues(string Cell, IReadOnlyList<double> Values);

/// <summary>A yes/no item: share of "yes" per cell (Wilson) and between-level tests.</summary>
public sealed record YesNoReport(AnswerItem Item, IReadOnlyList<ProportionEstimate> YesByCell, IReadOnlyList<LevelProportionComparison> Comparisons);

/// <summary>A keyed item: share answered correctly per cell (Wilson) and between-level tests.</summary>
public sealed record KeyedReport(AnswerItem Item, IReadOnlyList<ProportionEstimate> CorrectByCell, IReadOnlyList<LevelProportionComparison> Comparisons);

/// <summary>
/// Detection of one injected defect per cell. <see cref="Evidence"/> says how: a keyed item (its id) whose page shows the
/// defect's column and whose key is the value the defect injected, or free-text codes naming the defect ("code").
/// </summary>
public sealed record DefectDetection(string Defect, string Evidence, string Description, IReadOnlyList<ProportionEstimate> ByCell);

/// <summary>A free-text answer for qualitative coding.</summary>
public sealed record FreeTextAnswer(string Pseudonym, string Cell, string ItemId, string Value, string? Code);

/// <summary>Everything the analysis and manipulation-check pages show. Statistics use completed participants only.</summary>
public sealed record AnalysisReport(
    StudyDataset Data,
    IReadOnlyList<string> Cells,
    IReadOnlyDictionary<string, int> CompletedByCell,
    IReadOnlyList<RatingReport> Ratings,
    IReadOnlyList<YesNoReport> YesNo,
    IReadOnlyList<KeyedReport> Keyed,
    IReadOnlyList<ProportionEstimate> ComprehensionByCell,
    IReadOnlyList<DefectDetection> Defects,
    IReadOnlyList<FreeTextAnswer> FreeText)
{
    /// <summary>The study's declared (confirmatory) analysis with and without exclusions; null when the study declares none.</summary>
    public Declared.DeclaredAnalysisReport? Declared { get; init; }

    /// <summary>Locate and remedy outcomes per cell; null when the study has neither page.</summary>
    public TaskReport? Tasks { get; init; }

    /// <summary>Cells whose manipulation is deceptive (anything but real, none, example-based).</summary>
    public IReadOnlyList<string> ManipulatedCells => [.. Data.Definition.Conditions.Cells
        .Where(c => c.Manipulation is not ("real" or "none" or "example-based")).Select(c => c.Id)];
}
