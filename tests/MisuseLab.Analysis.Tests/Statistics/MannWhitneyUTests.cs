using MathNet.Numerics.Distributions;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class MannWhitneyUTests
{
    // R ?wilcox.test, "Hollander & Wolfe (1973), 69f.": permeability constants of the human chorioamnion at term (x)
    // and 12–26 weeks (y). R reports wilcox.test(x, y, alternative = "g"): W = 35, p-value = 0.1272 (exact, no ties),
    // so the two-sided exact p is 0.2544; SciPy 1.10.1 mannwhitneyu(x, y, method="asymptotic") gives 0.244624.
    private static readonly double[] HollanderWolfeX = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    private static readonly double[] HollanderWolfeY = [1.15, 0.88, 0.90, 0.74, 1.21];

    // Likert-style ratings with many ties (tie groups of sizes 2, 5, 4, 4, 2 over 1..5).
    private static readonly double[] RatingsA = [3, 4, 2, 5, 4, 4, 3, 5];
    private static readonly double[] RatingsB = [2, 3, 1, 2, 3, 2, 4, 1, 2];

    [Fact]
    public void HollanderWolfe_ReproducesRExactResult()
    {
        var r = MannWhitneyU.Test(HollanderWolfeX, HollanderWolfeY);

        Assert.Equal(35.0, r.U1);
        Assert.Equal(15.0, r.U2);
        Assert.Equal(MannWhitneyMethod.Exact, r.MethodUsed);
        Assert.Equal(0.2544, r.PValue, 4);
        Assert.Equal(2 * 0.1272061272061272, r.PValue, 12);
        Assert.Equal((35.0 - 15.0) / 50.0, r.RankBiserial, 12);
    }

    [Fact]
    public void HollanderWolfe_NormalApproximationMatchesSciPy()
    {
        var r = MannWhitneyU.Test(HollanderWolfeX, HollanderWolfeY, new MannWhitneyOptions(Method: MannWhitneyMethod.NormalApproximation));

        Assert.Equal(MannWhitneyMethod.NormalApproximation, r.MethodUsed);
        Assert.Equal(0.24462360512698333, r.PValue, 10);
    }

    [Fact]
    public void Ties_MatchSciPyAndDirectFormula()
    {
        // SciPy 1.10.1: mannwhitneyu(A, B, method="asymptotic", use_continuity=False) → U = 61.5, p = 0.01175438375277638;
        // use_continuity=True → p = 0.013510064349349047 (the same values as R's wilcox.test(A, B, exact = FALSE, correct = ...)).
        var plain = MannWhitneyU.Test(RatingsA, RatingsB, new MannWhitneyOptions(ContinuityCorrection: false));
        var corrected = MannWhitneyU.Test(RatingsA, RatingsB);

        Assert.Equal(61.5, plain.U1);
        Assert.Equal(MannWhitneyMethod.NormalApproximation, plain.MethodUsed);
        Assert.Equal(5, plain.TieGroups);
        Assert.Equal(0.01175438375277638, plain.PValue, 12);
        Assert.Equal(0.013510064349349047, corrected.PValue, 12);
        AssertMatchesOracle(RatingsA, RatingsB, plain, continuity: false);
        AssertMatchesOracle(RatingsA, RatingsB, corrected, continuity: true);
    }

    [Fact]
    public void RandomTiedSamples_MatchBruteForceOracle()
    {
        var random = new Random(20261123);
        for (int trial = 0; trial < 300; trial++)
        {
            double[] x = Enumerable.Range(0, random.Next(1, 15)).Select(_ => (double)random.Next(1, 6)).ToArray();
            double[] y = Enumerable.Range(0, random.Next(1, 15)).Select(_ => (double)random.Next(1, 6)).ToArray();
            bool continuity = trial % 2 == 0;
            var r = MannWhitneyU.Test(x, y, new MannWhitneyOptions(continuity, MannWhitneyMethod.NormalApproximation));
            AssertMatchesOracle(x, y, r, continuity);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 5)]
    [InlineData(3, 8)]
    [InlineData(6, 6)]
    public void ExactPValue_MatchesEnumerationOfAllRankAssignments(int n1, int n2)
    {
        // Oracle: enumerate every n1-subset of ranks 1..N as group 1, compute U by counting pairs, apply R's two-sided rule.
        int n = n1 + n2;
        var us = new List<int>();
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n1)
            {
                continue;
            }

            int u = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    if ((mask & (1 << i)) != 0 && (mask & (1 << j)) == 0 && i > j)
                    {
                        u++;
                    }
                }
            }

            us.Add(u);
        }

        for (int observed = 0; observed <= n1 * n2; observed++)
        {
            double tail = observed > n1 * n2 / 2.0 ? us.Count(u => u >= observed) : us.Count(u => u <= observed);
            double expected = Math.Min(1.0, 2.0 * tail / us.Count);

            // Build samples realising U1 = observed: group 1 takes the ranks of a subset with that U.
            int subset = FirstMaskWithU(n, n1, observed);
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < n; i++)
            {
                ((subset & (1 << i)) != 0 ? x : y).Add(i + 1);
            }

            var r = MannWhitneyU.Test(x, y, new MannWhitneyOptions(Method: MannWhitneyMethod.Exact));
            Assert.Equal(observed, r.U1);
            Assert.Equal(expected, r.PValue, 12);
        }
    }

    [Fact]
    public void SignConvention_PositiveWhenGroupOneIsLarger()
    {
        double[] high = [10, 11, 12, 13];
        double[] low = [1, 2, 3];
        var r = MannWhitneyU.Test(high, low);
        var swapped = MannWhitneyU.Test(low, high);

        Assert.Equal(12.0, r.U1);
        Assert.Equal(1.0, r.RankBiserial);
        Assert.Equal(1.0, r.ProbabilityOfSuperiority);
        Assert.True(r.Z > 0);
        Assert.Equal(-1.0, swapped.RankBiserial);
        Assert.True(swapped.Z < 0);
        Assert.Equal(r.PValue, swapped.PValue, 12);
        Assert.Equal(2.0 / 35.0, r.PValue, 12); // only 1 of C(7,3) = 35 assignments is as extreme on each side
    }

    [Fact]
    public void AllValuesTied_GiveUndefinedZAndPButZeroEffect()
    {
        var r = MannWhitneyU.Test([3, 3, 3], [3, 3]);

        Assert.Equal(3.0, r.U1);
        Assert.Equal(0.0, r.RankBiserial);
        Assert.Equal(MannWhitneyMethod.NormalApproximation, r.MethodUsed);
        Assert.True(double.IsNaN(r.Z));
        Assert.True(double.IsNaN(r.PValue));
    }

    [Fact]
    public void SingleValueGroups_GiveExactPOfOne()
    {
        var r = MannWhitneyU.Test([2.0], [1.0]);

        Assert.Equal(MannWhitneyMethod.Exact, r.MethodUsed);
        Assert.Equal(1.0, r.PValue);
    }

    [Fact]
    public void EmptyGroup_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MannWhitneyU.Test([1.0, 2.0], []));
        Assert.Contains("n2 = 0", e.Message);
    }

    [Fact]
    public void ExactWithTies_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            MannWhitneyU.Test([1.0, 2.0], [2.0, 3.0], new MannWhitneyOptions(Method: MannWhitneyMethod.Exact)));
        Assert.Contains("ties", e.Message);
    }

    [Fact]
    public void Auto_UsesNormalApproximationFromFiftyPerGroup()
    {
        double[] x = Enumerable.Range(0, 50).Select(i => 2.0 * i).ToArray();
        double[] y = Enumerable.Range(0, 10).Select(i => 2.0 * i + 1).ToArray();

        Assert.Equal(MannWhitneyMethod.NormalApproximation, MannWhitneyU.Test(x, y).MethodUsed);
        Assert.Equal(MannWhitneyMethod.Exact, MannWhitneyU.Test(x[..49], y).MethodUsed);
    }

    [Fact]
    public void ExactAndNormalApproximationAgreeForModerateSamples()
    {
        // Sanity link between the two code paths: at n = 30 + 30 the continuity-corrected normal p is within 0.005 of exact.
        var random = new Random(7);
        double[] x = Enumerable.Range(0, 30).Select(_ => random.NextDouble() + 0.3).ToArray();
        double[] y = Enumerable.Range(0, 30).Select(_ => random.NextDouble()).ToArray();

        var exact = MannWhitneyU.Test(x, y, new MannWhitneyOptions(Method: MannWhitneyMethod.Exact));
        var normal = MannWhitneyU.Test(x, y, new MannWhitneyOptions(Method: MannWhitneyMethod.NormalApproximation));

        Assert.InRange(exact.PValue, 1e-4, 0.5);
        Assert.Equal(exact.PValue, normal.PValue, 0.005);
    }

    private static int FirstMaskWithU(int n, int n1, int target)
    {
        for (int mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != n1)
            {
                continue;
            }

            int u = 0, belowOthers = 0;
            for (int i = 0; i < n; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    u += belowOthers;
                }
                else
                {
                    belowOthers++;
                }
            }

            if (u == target)
            {
                return mask;
            }
        }

        throw new InvalidOperationException($"no subset with U = {target}");
    }

    /// <summary>Independent oracle: U by counting pairs (ties ½), σ² from tie-group sizes, p from the normal CDF.</summary>
    private static void AssertMatchesOracle(double[] x, double[] y, MannWhitneyResult r, bool continuity)
    {
        double u = 0;
        foreach (double a in x)
        {
            foreach (double b in y)
            {
                u += a > b ? 1.0 : a == b ? 0.5 : 0.0;
            }
        }

        int n1 = x.Length, n2 = y.Length, n = n1 + n2;
        double tieSum = x.Concat(y).GroupBy(v => v).Select(g => (double)g.Count()).Sum(t => t * t * t - t);
        double variance = n1 * n2 / 12.0 * (n + 1 - tieSum / (n * (n - 1.0)));
        double d = u - n1 * n2 / 2.0;
        double cc = continuity && d != 0 ? 0.5 * Math.Sign(d) : 0.0;

        Assert.Equal(u, r.U1, 10);
        Assert.Equal(n1 * n2 - u, r.U2, 10);
        Assert.Equal(1 - 2 * r.U2 / (n1 * n2), r.RankBiserial, 12);
        if (variance <= 0)
        {
            Assert.True(double.IsNaN(r.Z));
            Assert.True(double.IsNaN(r.PValue));
            return;
        }

        double z = (d - cc) / Math.Sqrt(variance);
        Assert.Equal(z, r.Z, 10);
        Assert.Equal(Math.Min(1.0, 2 * Normal.CDF(0, 1, -Math.Abs(z))), r.PValue, 10);
    }
}
