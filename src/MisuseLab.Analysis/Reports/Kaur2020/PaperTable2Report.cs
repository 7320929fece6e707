using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Reports.Kaur2020;

/// <summary>
/// One of the paper's conditions in one row: the paper's published figure and ours. For a rating row ours is mean ± SD
/// over n participants; for a suspicion row a count of coded participants out of n (null while nothing is coded).
/// </summary>
/// <param name="Condition">GN, GM, SN or SM.</param>
/// <param name="Cell">This study's cell for that condition.</param>
public sealed record PaperTable2Cell(string Condition, string Cell, PaperValue Paper, int N, double? Mean, double? Sd, int? Count);

/// <summary>
/// One Table 2 row beside ours. <see cref="Status"/> is <see cref="Measured"/>, <see cref="NotMeasured"/> (the study
/// file names no measure for it) or <see cref="NotCoded"/> (a suspicion row while no open answer of the sample is
/// coded: no counts are invented). Rating rows carry the two-way ANOVA (null when it cannot be fitted: an empty cell
/// or no variation) and the t-tests that could be run; suspicion rows Fisher's exact p (normal vs manipulated).
/// </summary>
public sealed record PaperTable2Row(
    string Outcome, string Label, string? Measure, string Status, IReadOnlyList<PaperTable2Cell> Cells,
    AnovaTable? Anova, IReadOnlyList<PaperComparison> TTests, double? FisherP)
{
    public const string Measured = "measured";
    public const string NotMeasured = "not measured";
    public const string NotCoded = "not coded";
}

/// <summary>Table 2 on one sample: everyone ("all") or those the exclusion rules keep ("included").</summary>
public sealed record PaperTable2Sample(string Sample, int Participants, IReadOnlyList<PaperTable2Row> Rows);

/// <summary>Kaur et al.'s Table 2 recomputed on this study's data, with and without the exclusions, beside the paper's.</summary>
public sealed record PaperTable2Report(string Paper, string Source, string Method, string PaperModelReasonableMainEffect, PaperTable2Sample All, PaperTable2Sample Included);
