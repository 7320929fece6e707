namespace MisuseLab.Analysis.Statistics;

/// <summary>Which test produced a yes/no comparison's p-value.</summary>
public enum ContingencyMethod
{
    FisherExact,
    PearsonChiSquare,
    PearsonChiSquareYates,
}

/// <summary>
/// Outcome of comparing a yes/no item between two groups. <see cref="ChiSquare"/> is null when Fisher's test was used.
/// <see cref="Reason"/> says in words why the method was chosen, for the analyst's report.
/// </summary>
public sealed record YesNoComparisonResult(
    TwoByTwoTable Table,
    ContingencyMethod Method,
    double PValue,
    double MinimumExpected,
    ChiSquareResult? ChiSquare,
    string Reason);

/// <summary>
/// Compares the share of "yes" between two groups: Fisher's exact test when any expected count is below
/// <see cref="MinimumExpectedForChiSquare"/> (Cochran's rule), otherwise Pearson's χ² (Yates' correction optional, off by default).
/// </summary>
public static class YesNoComparison
{
    public const double MinimumExpectedForChiSquare = 5.0;

    public static YesNoComparisonResult Compare(IReadOnlyList<bool> group1, IReadOnlyList<bool> group2, bool yatesCorrection = false)
        => Compare(TwoByTwoTable.FromAnswers(group1, group2), yatesCorrection);

    public static YesNoComparisonResult Compare(TwoByTwoTable table, bool yatesCorrection = false)
    {
        double minimumExpected = table.MinimumExpected();
        if (double.IsNaN(minimumExpected) || minimumExpected < MinimumExpectedForChiSquare)
        {
            string why = double.IsNaN(minimumExpected)
                ? "the table is empty"
                : $"the smallest expected count is {minimumExpected:0.###} < {MinimumExpectedForChiSquare}";
            return new YesNoComparisonResult(table, ContingencyMethod.FisherExact, FisherExactTest.TwoSidedP(table), minimumExpected, null,
                $"Fisher's exact test: {why}.");
        }

        ChiSquareResult chi = PearsonChiSquareTest.Test(table, yatesCorrection);
        return new YesNoComparisonResult(
            table,
            yatesCorrection ? ContingencyMethod.PearsonChiSquareYates : ContingencyMethod.PearsonChiSquare,
            chi.PValue,
            minimumExpected,
            chi,
            $"Pearson χ²{(yatesCorrection ? " with Yates' correction" : "")}: every expected count is ≥ {MinimumExpectedForChiSquare} (smallest {minimumExpected:0.###}).");
    }
}
