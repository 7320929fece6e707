using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class YesNoComparisonTests
{
    [Fact]
    public void SmallExpectedCount_ChoosesFisher()
    {
        // Tea table: every expected count is 2 < 5.
        var r = YesNoComparison.Compare(new TwoByTwoTable(3, 1, 1, 3));

        Assert.Equal(ContingencyMethod.FisherExact, r.Method);
        Assert.Null(r.ChiSquare);
        Assert.Equal(2.0, r.MinimumExpected, 12);
        Assert.Equal(0.4857, r.PValue, 4);
        Assert.Contains("Fisher", r.Reason);
    }

    [Fact]
    public void AllExpectedCountsAtLeastFive_ChoosesChiSquare()
    {
        var table = new TwoByTwoTable(189, 10845, 104, 10933);
        var r = YesNoComparison.Compare(table);
        var ry = YesNoComparison.Compare(table, yatesCorrection: true);

        Assert.Equal(ContingencyMethod.PearsonChiSquare, r.Method);
        Assert.Equal(25.013883967194165, r.ChiSquare!.Statistic, 9);
        Assert.Equal(r.ChiSquare.PValue, r.PValue);
        Assert.Equal(ContingencyMethod.PearsonChiSquareYates, ry.Method);
        Assert.Equal(24.42905651522594, ry.ChiSquare!.Statistic, 9);
    }

    [Fact]
    public void BoundaryAtExactlyFive_UsesChiSquare()
    {
        // Margins 10/10 × 10/10 over N = 20 → every expected count is exactly 5.
        var r = YesNoComparison.Compare(new TwoByTwoTable(7, 3, 3, 7));

        Assert.Equal(5.0, r.MinimumExpected, 12);
        Assert.Equal(ContingencyMethod.PearsonChiSquare, r.Method);
    }

    [Fact]
    public void Answers_AreCountedIntoTheTable()
    {
        var r = YesNoComparison.Compare([true, true, false], [false, false, false, true]);

        Assert.Equal(new TwoByTwoTable(2, 1, 1, 3), r.Table);
        Assert.Equal(ContingencyMethod.FisherExact, r.Method);
    }

    [Fact]
    public void EmptyTable_UsesFisherWithPOfOne()
    {
        var r = YesNoComparison.Compare([], []);

        Assert.Equal(ContingencyMethod.FisherExact, r.Method);
        Assert.Equal(1.0, r.PValue);
        Assert.Contains("empty", r.Reason);
    }
}
