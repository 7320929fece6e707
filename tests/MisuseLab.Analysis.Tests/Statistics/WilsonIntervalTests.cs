using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class WilsonIntervalTests
{
    // Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Stat Med 17:857–872, Table II, method 3 (Wilson score without continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void ReproducesNewcombe1998(int successes, int trials, double lower, double upper)
    {
        var (l, u) = WilsonInterval.Compute(successes, trials);

        Assert.Equal(lower, l, 4);
        Assert.Equal(upper, u, 4);
    }

    [Fact]
    public void ExtremeCounts_HitTheBoundsExactly()
    {
        Assert.Equal(0.0, WilsonInterval.Compute(0, 20).Lower);
        Assert.Equal(1.0, WilsonInterval.Compute(29, 29).Upper);
        Assert.Equal(1.0 - 0.1611, WilsonInterval.Compute(20, 20).Lower, 4); // mirror of 0/20
    }

    [Fact]
    public void IntervalIsTheSetOfProportionsTheScoreTestAccepts()
    {
        // Independent characterisation: the bounds solve |p̂ − p| = z·√(p(1 − p)/n).
        const double z = 1.959963984540054;
        foreach (var (k, n) in new[] { (3, 17), (12, 40), (50, 51) })
        {
            var (l, u) = WilsonInterval.Compute(k, n);
            double p = (double)k / n;
            Assert.Equal(Math.Abs(p - l), z * Math.Sqrt(l * (1 - l) / n), 10);
            Assert.Equal(Math.Abs(p - u), z * Math.Sqrt(u * (1 - u) / n), 10);
        }
    }

    [Fact]
    public void HigherConfidence_GivesWiderInterval()
    {
        var (l95, u95) = WilsonInterval.Compute(30, 60);
        var (l99, u99) = WilsonInterval.Compute(30, 60, 0.99);

        Assert.True(l99 < l95 && u99 > u95);
    }

    [Fact]
    public void ZeroTrials_GiveNaN()
    {
        var e = WilsonInterval.Estimate("empty", 0, 0);

        Assert.True(double.IsNaN(e.Proportion));
        Assert.True(double.IsNaN(e.Lower));
        Assert.True(double.IsNaN(e.Upper));
    }

    [Fact]
    public void InvalidCounts_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(-1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(1, 4, 1.0));
    }

    [Fact]
    public void ByGroup_CountsSuccessesPerCondition()
    {
        var result = WilsonInterval.ByGroup(["real", "inverted", "real", "real", "inverted"], [true, false, true, false, true]);

        Assert.Equal(["inverted", "real"], result.Select(r => r.Group));
        Assert.Equal((1, 2), (result[0].Successes, result[0].Trials));
        Assert.Equal((2, 3), (result[1].Successes, result[1].Trials));
        Assert.Equal(WilsonInterval.Compute(2, 3), (result[1].Lower, result[1].Upper));
    }
}
