using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class DescriptivesTests
{
    [Fact]
    public void Describe_MatchesHandComputedValues()
    {
        // Σx = 40 → mean 5; Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32 → sd = √(32/7).
        // R type 7 on sorted x (h = (n − 1)p, 0-based): Q1 h = 1.75 → 4 + 0.75·(4 − 4) = 4; median h = 3.5 → 4.5;
        // Q3 h = 5.25 → 5 + 0.25·(7 − 5) = 5.5. t(0.975, 7) = 2.364624 (t table).
        var d = Descriptives.Describe("g", [9, 4, 2, 5, 4, 7, 4, 5]);

        Assert.Equal(8, d.N);
        Assert.Equal(5.0, d.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7.0), d.StandardDeviation, 12);
        Assert.Equal(4.5, d.Median, 12);
        Assert.Equal(4.0, d.Q1, 12);
        Assert.Equal(5.5, d.Q3, 12);
        Assert.Equal(1.5, d.InterquartileRange, 12);
        double half = 2.364624 * Math.Sqrt(32.0 / 7.0) / Math.Sqrt(8.0);
        Assert.Equal(5.0 - half, d.MeanCiLower, 5);
        Assert.Equal(5.0 + half, d.MeanCiUpper, 5);
    }

    [Fact]
    public void Quantiles_FollowRType7()
    {
        // R: quantile(1:4) → 25% 1.75, 50% 2.5, 75% 3.25 (type 7 is R's default).
        var d = Descriptives.Describe("g", [4, 1, 3, 2]);

        Assert.Equal(1.75, d.Q1, 12);
        Assert.Equal(2.5, d.Median, 12);
        Assert.Equal(3.25, d.Q3, 12);
    }

    [Fact]
    public void ConfidenceInterval_UsesStudentTWithNMinusOneDegreesOfFreedom()
    {
        // n = 2: sd = √2, se = 1, t(0.975, 1) = 12.7062 (t table) → 1 ± 12.7062; a z-interval would give 1 ± 1.96.
        var d = Descriptives.Describe("g", [0, 2]);

        Assert.Equal(1.0 - 12.7062, d.MeanCiLower, 3);
        Assert.Equal(1.0 + 12.7062, d.MeanCiUpper, 3);

        // 90%: t(0.95, 1) = 6.3138.
        var d90 = Descriptives.Describe("g", [0, 2], 0.90);
        Assert.Equal(1.0 + 6.3138, d90.MeanCiUpper, 3);
    }

    [Fact]
    public void EmptyGroup_GivesNaNStatistics()
    {
        var d = Descriptives.Describe("empty", []);

        Assert.Equal(0, d.N);
        Assert.True(double.IsNaN(d.Mean));
        Assert.True(double.IsNaN(d.StandardDeviation));
        Assert.True(double.IsNaN(d.Median));
        Assert.True(double.IsNaN(d.MeanCiLower));
    }

    [Fact]
    public void SingleValue_HasCentreButNoSpread()
    {
        var d = Descriptives.Describe("one", [3.5]);

        Assert.Equal(1, d.N);
        Assert.Equal(3.5, d.Mean);
        Assert.Equal(3.5, d.Median);
        Assert.Equal(0.0, d.InterquartileRange);
        Assert.True(double.IsNaN(d.StandardDeviation));
        Assert.True(double.IsNaN(d.MeanCiLower));
        Assert.True(double.IsNaN(d.MeanCiUpper));
    }

    [Fact]
    public void NaNValue_IsRejectedWithItsIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => Descriptives.Describe("g", [1, 2, double.NaN]));

        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void ByGroup_SplitsValuesByLabelAndOrdersByName()
    {
        var result = Descriptives.ByGroup(["real", "inverted", "real", "inverted", "real"], [1, 10, 3, 20, 5]);

        Assert.Equal(["inverted", "real"], result.Select(r => r.Group));
        Assert.Equal(15.0, result[0].Mean, 12);
        Assert.Equal(3.0, result[1].Mean, 12);
        Assert.Equal(3, result[1].N);
    }

    [Fact]
    public void ByGroup_RejectsMismatchedLengths()
    {
        Assert.Throws<ArgumentException>(() => Descriptives.ByGroup(["a", "b"], [1.0]));
    }
}
