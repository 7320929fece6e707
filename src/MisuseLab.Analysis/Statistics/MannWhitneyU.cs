using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace MisuseLab.Analysis.Statistics;

/// <summary>How the p-value of a Mann–Whitney test is obtained.</summary>
public enum MannWhitneyMethod
{
    /// <summary>Exact when there are no ties and both groups have fewer than 50 values (R's rule), otherwise normal approximation.</summary>
    Auto,

    /// <summary>Exact null distribution of U (no ties allowed; n1·n2 ≤ <see cref="MannWhitneyU.MaxExactCells"/>).</summary>
    Exact,

    /// <summary>Normal approximation with tie-corrected variance.</summary>
    NormalApproximation,
}

/// <summary>
/// Options of <see cref="MannWhitneyU.Test"/>. Defaults match R's <c>wilcox.test</c> and SciPy's <c>mannwhitneyu</c>:
/// continuity correction on, exact p-value for small samples without ties.
/// </summary>
public sealed record MannWhitneyOptions(bool ContinuityCorrection = true, MannWhitneyMethod Method = MannWhitneyMethod.Auto)
{
    public static MannWhitneyOptions Default { get; } = new();
}

/// <summary>
/// Result of a two-sided Mann–Whitney U (Wilcoxon rank-sum) test of group 1 against group 2.
/// <para>
/// <see cref="U1"/> = R1 − n1(n1+1)/2 with mid-ranks for ties = #(x &gt; y) + ½·#(x = y) over all pairs; it equals R's
/// <c>W</c> for <c>wilcox.test(x, y)</c>. <see cref="U2"/> = n1·n2 − U1.
/// </para>
/// <para>
/// <see cref="Z"/> = (U1 − n1n2/2 − c) / σ with σ² = n1n2/12·[(N + 1) − Σ(t³ − t)/(N(N − 1))] over tie groups of size t, and
/// c = ½·sign(U1 − n1n2/2) when continuity correction is on, else 0. Positive z: group 1 tends to be larger.
/// Z is reported whatever method gave the p-value. When every value is tied σ = 0: Z and a normal-approximation
/// p-value are NaN (the test has no information), while U and the effect sizes stay defined (r = 0).
/// </para>
/// <para>
/// <see cref="RankBiserial"/> r = (U1 − U2)/(n1n2) = 1 − 2·U2/(n1n2) = P(X &gt; Y) − P(X &lt; Y) (Cliff's delta), in [−1, 1];
/// positive when group 1's values tend to be larger.
/// </para>
/// </summary>
public sealed record MannWhitneyResult(
    int N1,
    int N2,
    double U1,
    double U2,
    double Z,
    double PValue,
    MannWhitneyMethod MethodUsed,
    bool ContinuityCorrection,
    int TieGroups,
    double RankBiserial)
{
    /// <summary>U1/(n1n2) = P(X &gt; Y) + ½P(X = Y): the probability of superiority (common-language effect size) of group 1.</summary>
    public double ProbabilityOfSuperiority => U1 / ((double)N1 * N2);

    public bool HasTies => TieGroups > 0;
}

/// <summary>Two-sided Mann–Whitney U test with tie correction; ranks from MathNet, tail probabilities from MathNet's erfc.</summary>
public static class MannWhitneyU
{
    /// <summary>R's threshold for the automatic exact test: both groups strictly smaller than this.</summary>
    public const int AutoExactMaxGroupSize = 50;

    /// <summary>Largest n1·n2 for which an explicitly requested exact distribution is computed (cost ~ N·min(n1,n2)·n1·n2).</summary>
    public const int MaxExactCells = 10_000;

    /// <summary>Tests group 1 (<paramref name="x"/>) against group 2 (<paramref name="y"/>); see <see cref="MannWhitneyResult"/> for conventions.</summary>
    /// <exception cref="ArgumentException">A group is empty, a value is not finite, or an exact test was requested with ties or too large samples.</exception>
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y, MannWhitneyOptions? options = null)
    {
        options ??= MannWhitneyOptions.Default;
        double[] xs = SampleGuard.FiniteCopy(x, nameof(x));
        double[] ys = SampleGuard.FiniteCopy(y, nameof(y));
        int n1 = xs.Length, n2 = ys.Length;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException(
                $"Expected at least one value in each group, found n1 = {n1}, n2 = {n2}. " +
                "A comparison needs data in both conditions; report descriptives only until both have participants.",
                n1 == 0 ? nameof(x) : nameof(y));
        }

        int n = n1 + n2;
        var combined = new double[n];
        xs.CopyTo(combined, 0);
        ys.CopyTo(combined, n1);

        double[] ranks = MathNet.Numerics.Statistics.Statistics.Ranks(combined, RankDefinition.Average);
        double rankSum1 = 0.0;
        for (int i = 0; i < n1; i++)
        {
            rankSum1 += ranks[i];
        }

        double u1 = rankSum1 - n1 * (n1 + 1.0) / 2.0;
        double product = (double)n1 * n2;
        double u2 = product - u1;

        (int tieGroups, double tieSum) = TieStatistics(combined);
        double variance = product / 12.0 * ((n + 1.0) - tieSum / ((double)n * (n - 1.0)));
        double deviation = u1 - product / 2.0;
        double correction = options.ContinuityCorrection ? 0.5 * Math.Sign(deviation) : 0.0;
        double z = variance > 0.0 ? (deviation - correction) / Math.Sqrt(variance) : double.NaN;

        MannWhitneyMethod method = ChooseMethod(options.Method, n1, n2, tieGroups);
        double p = method == MannWhitneyMethod.Exact
            ? MannWhitneyExactDistribution.TwoSidedP(n1, n2, u1)
            : double.IsNaN(z) ? double.NaN : Math.Min(1.0, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2.0)));

        return new MannWhitneyResult(n1, n2, u1, u2, z, p, method, options.ContinuityCorrection, tieGroups, (u1 - u2) / product);
    }

    private static MannWhitneyMethod ChooseMethod(MannWhitneyMethod requested, int n1, int n2, int tieGroups)
    {
        switch (requested)
        {
            case MannWhitneyMethod.Auto:
                return tieGroups == 0 && n1 < AutoExactMaxGroupSize && n2 < AutoExactMaxGroupSize
                    ? MannWhitneyMethod.Exact
                    : MannWhitneyMethod.NormalApproximation;
            case MannWhitneyMethod.Exact:
                if (tieGroups > 0)
                {
                    throw new ArgumentException(
                        $"Expected no ties for the exact Mann–Whitney distribution, found {tieGroups} group(s) of tied values. " +
                        "Use MannWhitneyMethod.NormalApproximation (tie-corrected) or Auto.", nameof(requested));
                }

                if ((long)n1 * n2 > MaxExactCells)
                {
                    throw new ArgumentException(
                        $"Expected n1·n2 ≤ {MaxExactCells} for the exact Mann–Whitney distribution, found {n1}·{n2}. " +
                        "At this size the normal approximation is accurate; use NormalApproximation or Auto.", nameof(requested));
                }

                return MannWhitneyMethod.Exact;
            case MannWhitneyMethod.NormalApproximation:
                return MannWhitneyMethod.NormalApproximation;
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown Mann–Whitney method.");
        }
    }

    /// <summary>Number of tie groups (runs of equal values longer than one) and Σ(t³ − t) over them.</summary>
    private static (int Groups, double Sum) TieStatistics(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int groups = 0;
        double sum = 0.0;
        int start = 0;
        for (int i = 1; i <= sorted.Length; i++)
        {
            if (i == sorted.Length || sorted[i] != sorted[start])
            {
                double t = i - start;
                if (t > 1)
                {
                    groups++;
                    sum += t * t * t - t;
                }

                start = i;
            }
        }

        return (groups, sum);
    }
}
