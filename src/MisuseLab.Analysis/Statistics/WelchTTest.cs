using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace MisuseLab.Analysis.Statistics;

/// <summary>An unpaired t-test: t, the Welch–Satterthwaite df, the two-sided p, and the two means.</summary>
public sealed record TTestResult(double T, double Df, double P, double MeanX, double MeanY, int Nx, int Ny);

/// <summary>
/// The unpaired two-sample t-test as R's <c>t.test(x, y)</c> runs it by default: Welch's test, not assuming equal
/// variances. t = (x̄ − ȳ) / √(sₓ²/nₓ + s_y²/n_y); df = (sₓ²/nₓ + s_y²/n_y)² / ((sₓ²/nₓ)²/(nₓ−1) + (s_y²/n_y)²/(n_y−1));
/// p = 2·P(T_df ≥ |t|). Kaur et al. report "unpaired t-tests" without naming the variant; R's default is the one a
/// reader re-running their analysis would get.
/// </summary>
public static class WelchTTest
{
    public static TTestResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var a = SampleGuard.FiniteCopy(x, nameof(x));
        var b = SampleGuard.FiniteCopy(y, nameof(y));
        if (a.Length < 2 || b.Length < 2)
            throw new ArgumentException($"Expected at least 2 values per group; found {a.Length} in '{nameof(x)}' and {b.Length} in '{nameof(y)}'.", a.Length < 2 ? nameof(x) : nameof(y));
        double va = a.Variance() / a.Length, vb = b.Variance() / b.Length;
        var se2 = va + vb;
        if (!(se2 > 0))
            throw new ArgumentException("Expected some variation within the groups; found every value constant: the t statistic is undefined.", nameof(x));
        var t = (a.Mean() - b.Mean()) / Math.Sqrt(se2);
        var df = se2 * se2 / (va * va / (a.Length - 1) + vb * vb / (b.Length - 1));
        var p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t));
        return new TTestResult(t, df, p, a.Mean(), b.Mean(), a.Length, b.Length);
    }
}
