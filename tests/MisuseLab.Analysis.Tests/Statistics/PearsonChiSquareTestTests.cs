using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class PearsonChiSquareTestTests
{
    [Fact]
    public void PartyByGender_ReproducesRChisqTestExample()
    {
        // R ?chisq.test, data from Agresti (2007) p. 39 (gender × party identification):
        // X-squared = 30.07, df = 2, p-value = 2.954e-07.
        var r = PearsonChiSquareTest.Test(new[,] { { 762, 327, 468 }, { 484, 239, 477 } });

        Assert.Equal(30.07, r.Statistic, 2);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(2.954e-07, r.PValue, 10);
        Assert.Equal(2.9535891832117595e-07, r.PValue, 15);
        Assert.Equal(246.35473341, r.MinimumExpected, 6);
    }

    [Fact]
    public void AspirinTable_ReproducesAgresti()
    {
        // Agresti, An Introduction to Categorical Data Analysis (2007), Physicians' Health Study (placebo 189 MI / 10845 none,
        // aspirin 104 / 10933): X² = 25.01 (df 1). SciPy 1.10.1 chi2_contingency: 25.013883967194165, p = 5.691896973740789e-07;
        // with correction=True (Yates): 24.42905651522594, p = 7.709707547507586e-07.
        var table = new TwoByTwoTable(189, 10845, 104, 10933);
        var plain = PearsonChiSquareTest.Test(table);
        var yates = PearsonChiSquareTest.Test(table, yatesCorrection: true);

        Assert.Equal(25.01, plain.Statistic, 2);
        Assert.Equal(25.013883967194165, plain.Statistic, 9);
        Assert.Equal(5.691896973740789e-07, plain.PValue, 15);
        Assert.True(yates.YatesCorrected);
        Assert.Equal(24.42905651522594, yates.Statistic, 9);
        Assert.Equal(7.709707547507586e-07, yates.PValue, 15);
    }

    [Fact]
    public void RandomTwoByTwoTables_MatchClosedForm()
    {
        // Closed forms: X² = N(ad − bc)²/(r1 r2 c1 c2); Yates: N·max(0, |ad − bc| − N/2)²/(r1 r2 c1 c2); df 1 → p = erfc(√(X²/2)).
        var random = new Random(1900);
        for (int trial = 0; trial < 200; trial++)
        {
            var t = new TwoByTwoTable(random.Next(1, 40), random.Next(1, 40), random.Next(1, 40), random.Next(1, 40));
            double n = t.Total;
            double denominator = (double)t.Row1Total * t.Row2Total * t.Column1Total * t.Column2Total;
            double cross = (double)t.A * t.D - (double)t.B * t.C;
            double plain = n * cross * cross / denominator;
            double shrunk = Math.Max(0.0, Math.Abs(cross) - n / 2.0);
            double yates = n * shrunk * shrunk / denominator;

            var r = PearsonChiSquareTest.Test(t);
            var ry = PearsonChiSquareTest.Test(t, yatesCorrection: true);
            Assert.Equal(plain, r.Statistic, 9);
            Assert.Equal(yates, ry.Statistic, 9);
            Assert.Equal(MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(plain / 2.0)), r.PValue, 10);
        }
    }

    [Fact]
    public void ZeroMargin_IsRejectedWithHint()
    {
        var e = Assert.Throws<ArgumentException>(() => PearsonChiSquareTest.Test(new TwoByTwoTable(5, 0, 7, 0)));

        Assert.Contains("column 1", e.Message);
        Assert.Contains("Fisher", e.Message);
    }

    [Fact]
    public void YatesOnLargerTable_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => PearsonChiSquareTest.Test(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }, yatesCorrection: true));
    }
}
