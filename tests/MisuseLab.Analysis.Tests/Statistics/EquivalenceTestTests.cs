using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary><see cref="EquivalenceTest"/> against R's <c>t.test</c> (Welch) on the same data, run by Rscript.</summary>
public class EquivalenceTestTests
{
    public static TheoryData<int, int, int, double, double> Cases => new()
    {
        // seed, n x, n y, shift of y, Δ
        { 1, 30, 30, 0.1, 0.5 },    // equivalent
        { 2, 12, 40, 0.6, 0.5 },    // unequal n and variances, not equivalent
        { 3, 8, 9, -0.2, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MatchesRWelchTTests(int seed, int nx, int ny, double shift, double delta)
    {
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, nx).Select(_ => Math.Round(3 + 2 * random.NextDouble(), 3)).ToArray();
        double[] y = Enumerable.Range(0, ny).Select(_ => Math.Round(3 + shift + 3 * random.NextDouble(), 3)).ToArray();

        var result = EquivalenceTest.Welch(x, y, new EquivalenceOptions(delta));
        string script = $"""
            x <- {ROracle.Vector(x)}; y <- {ROracle.Vector(y)}; d <- {delta.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}
            t90 <- t.test(x, y, conf.level = 0.90)
            lo <- t.test(x, y, mu = -d, alternative = "greater"); hi <- t.test(x, y, mu = d, alternative = "less")
            cat(sprintf("ci,90,%.15g,%.15g,%.15g\n", t90$conf.int[1], t90$conf.int[2], t90$parameter))
            cat(sprintf("p,lower,%.15g,%.15g\n", lo$p.value, lo$statistic))
            cat(sprintf("p,upper,%.15g,%.15g\n", hi$p.value, hi$statistic))
            """;
        var r = ROracle.Parse(await ROracle.RunAsync(script, new Dictionary<string, string>()), "ci", "p");

        Assert.Equal(r[("ci", "90")][0], result.Lower, 1e-6);
        Assert.Equal(r[("ci", "90")][1], result.Upper, 1e-6);
        Assert.Equal(r[("ci", "90")][2], result.DegreesOfFreedom, 1e-6);
        Assert.Equal(r[("p", "lower")][0], result.PLower, 1e-6);
        Assert.Equal(r[("p", "lower")][1], result.TLower, 1e-6);
        Assert.Equal(r[("p", "upper")][0], result.PUpper, 1e-6);
        Assert.Equal(r[("p", "upper")][1], result.TUpper, 1e-6);
        Assert.Equal(result.Lower > -delta && result.Upper < delta, result.Equivalent);
    }

    [Fact]
    public void EquivalenceAndTheIntervalAgree()
    {
        // Identical groups: difference 0, so equivalent for a wide bound and not for a bound far inside the 90% CI.
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.True(EquivalenceTest.Welch(x, x, new EquivalenceOptions(3)).Equivalent);
        var narrow = EquivalenceTest.Welch(x, x, new EquivalenceOptions(0.1));
        Assert.False(narrow.Equivalent);
        Assert.Equal(narrow.PLower, narrow.PUpper, 12); // symmetric at difference 0
    }

    [Fact]
    public void BadInput_NamesTheArgument()
    {
        double[] x = [1, 2, 3];
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => EquivalenceTest.Welch(x, x, new EquivalenceOptions(0))).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => EquivalenceTest.Welch(x, x, new EquivalenceOptions(1, 0.5))).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EquivalenceTest.Welch(x, [1], new EquivalenceOptions(1))).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => EquivalenceTest.Welch([1, double.NaN], x, new EquivalenceOptions(1))).ParamName);
    }
}
