using System.Numerics;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

public class FisherExactTestTests
{
    [Fact]
    public void LadyTastingTea_TwoSidedPIs0_4857()
    {
        // Fisher (1935); R: fisher.test(TeaTasting) → p-value = 0.4857 (= 34/70).
        double p = FisherExactTest.TwoSidedP(new TwoByTwoTable(3, 1, 1, 3));

        Assert.Equal(0.4857, p, 4);
        Assert.Equal(34.0 / 70.0, p, 12);
    }

    [Fact]
    public void DietingExample_TwoSidedPIs0_002759()
    {
        // Wikipedia "Fisher's exact test" (men/women × dieting: 1, 9 / 11, 3); SciPy 1.10.1 fisher_exact → 0.0027594561852200836.
        double p = FisherExactTest.TwoSidedP(new TwoByTwoTable(1, 9, 11, 3));

        Assert.Equal(0.0027594561852200836, p, 12);
    }

    [Fact]
    public void RandomTables_MatchExactRationalEnumeration()
    {
        var random = new Random(1935);
        for (int trial = 0; trial < 200; trial++)
        {
            var table = new TwoByTwoTable(random.Next(0, 12), random.Next(0, 12), random.Next(0, 12), random.Next(0, 12));
            Assert.Equal(ExactOracle(table), FisherExactTest.TwoSidedP(table), 10);
        }
    }

    [Fact]
    public void PValue_DoesNotDependOnRowOrColumnOrder()
    {
        var table = new TwoByTwoTable(2, 7, 8, 1);
        double p = FisherExactTest.TwoSidedP(table);

        Assert.Equal(p, FisherExactTest.TwoSidedP(new TwoByTwoTable(8, 1, 2, 7)), 12);
        Assert.Equal(p, FisherExactTest.TwoSidedP(new TwoByTwoTable(7, 2, 1, 8)), 12);
        Assert.Equal(p, FisherExactTest.TwoSidedP(new TwoByTwoTable(2, 8, 7, 1)), 12);
    }

    [Fact]
    public void DegenerateTables_GivePOfOne()
    {
        Assert.Equal(1.0, FisherExactTest.TwoSidedP(new TwoByTwoTable(0, 0, 0, 0)));
        Assert.Equal(1.0, FisherExactTest.TwoSidedP(new TwoByTwoTable(5, 0, 7, 0)), 12); // everybody said yes
    }

    [Fact]
    public void NegativeCount_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoByTwoTable(1, -1, 0, 0));
    }

    /// <summary>
    /// Exact two-sided p with integer arithmetic: every table's probability is C(r1, a)·C(r2, c1 − a)/C(N, c1), so tables
    /// are compared by their numerators exactly — no tolerance needed.
    /// </summary>
    private static double ExactOracle(TwoByTwoTable t)
    {
        int r1 = t.Row1Total, r2 = t.Row2Total, c1 = t.Column1Total, n = t.Total;
        BigInteger observed = Binomial(r1, t.A) * Binomial(r2, t.C);
        BigInteger sum = 0;
        for (int a = Math.Max(0, c1 - r2); a <= Math.Min(r1, c1); a++)
        {
            BigInteger weight = Binomial(r1, a) * Binomial(r2, c1 - a);
            if (weight <= observed)
            {
                sum += weight;
            }
        }

        return (double)sum / (double)Binomial(n, c1);
    }

    private static BigInteger Binomial(int n, int k)
    {
        BigInteger result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
