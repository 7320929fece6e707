using MathNet.Numerics.Distributions;

namespace MisuseLab.Analysis.Statistics;

/// <summary>Options of <see cref="EquivalenceTest"/>.</summary>
/// <param name="Bound">Δ &gt; 0: the declared equivalence bounds are [−Δ, Δ] on the raw scale of the rating.</param>
/// <param name="Alpha">Level of each one-sided test (default 0.05), so the matching interval is the 1 − 2α (90%) CI.</param>
public sealed record EquivalenceOptions(double Bound, double Alpha = 0.05)
{
    public void Validate(string parameterName)
    {
        if (!(Bound > 0) || !double.IsFinite(Bound))
        {
            throw new ArgumentOutOfRangeException(parameterName, Bound, $"Expected an equivalence bound Δ > 0 (bounds [−Δ, Δ]), found {Bound}.");
        }

        if (!(Alpha > 0 && Alpha < 0.5))
        {
            throw new ArgumentOutOfRangeException(parameterName, Alpha, $"Expected 0 < α < 0.5 for each one-sided test, found {Alpha}.");
        }
    }
}

/// <summary>
/// TOST result for mean(x) − mean(y). <see cref="PLower"/> tests H₀: difference ≤ −Δ, <see cref="PUpper"/> tests
/// H₀: difference ≥ Δ; <see cref="PValue"/> is the larger. <see cref="Equivalent"/> ⇔ PValue &lt; α ⇔ the
/// (1 − 2α) interval [<see cref="Lower"/>, <see cref="Upper"/>] lies inside (−Δ, Δ).
/// </summary>
public sealed record EquivalenceResult(
    int CountX, double MeanX, int CountY, double MeanY, double Difference, double StandardError, double DegreesOfFreedom,
    double Bound, double Alpha, double ConfidenceLevel, double Lower, double Upper,
    double TLower, double PLower, double TUpper, double PUpper, double PValue, bool Equivalent);

/// <summary>
/// Equivalence of two independent means by two one-sided Welch t-tests (Schuirmann 1987 TOST, Welch–Satterthwaite
/// degrees of freedom). Matches R: the interval is <c>t.test(x, y, conf.level = 1 - 2 * alpha)$conf.int</c>,
/// <see cref="EquivalenceResult.PLower"/> is <c>t.test(x, y, mu = -delta, alternative = "greater")$p.value</c> and
/// <see cref="EquivalenceResult.PUpper"/> is <c>t.test(x, y, mu = delta, alternative = "less")$p.value</c>.
/// </summary>
public static class EquivalenceTest
{
    public static EquivalenceResult Welch(IReadOnlyList<double> x, IReadOnlyList<double> y, EquivalenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        double[] a = SampleGuard.FiniteCopy(x, nameof(x));
        double[] b = SampleGuard.FiniteCopy(y, nameof(y));
        var (meanA, varA) = MeanAndVariance(a, nameof(x));
        var (meanB, varB) = MeanAndVariance(b, nameof(y));
        double va = varA / a.Length, vb = varB / b.Length;
        double se = Math.Sqrt(va + vb);
        if (!(se > 0))
        {
            throw new ArgumentException($"Expected some variation within the groups, found every value of '{nameof(x)}' and '{nameof(y)}' constant: the t statistics are undefined.", nameof(x));
        }

        double df = (va + vb) * (va + vb) / (va * va / (a.Length - 1) + vb * vb / (b.Length - 1));
        double difference = meanA - meanB;
        double tLower = (difference + options.Bound) / se;
        double tUpper = (difference - options.Bound) / se;
        double pLower = StudentT.CDF(0, 1, df, -tLower); // upper tail by symmetry, so small p keep their digits
        double pUpper = StudentT.CDF(0, 1, df, tUpper);
        double critical = StudentT.InvCDF(0, 1, df, 1 - options.Alpha);
        double lower = difference - critical * se, upper = difference + critical * se;
        double p = Math.Max(pLower, pUpper);
        return new EquivalenceResult(a.Length, meanA, b.Length, meanB, difference, se, df, options.Bound, options.Alpha, 1 - 2 * options.Alpha,
            lower, upper, tLower, pLower, tUpper, pUpper, p, p < options.Alpha);
    }

    private static (double Mean, double Variance) MeanAndVariance(double[] values, string parameterName)
    {
        if (values.Length < 2)
        {
            throw new ArgumentException($"Expected at least 2 values in '{parameterName}' for a variance, found {values.Length}.", parameterName);
        }

        return (MathNet.Numerics.Statistics.Statistics.Mean(values), MathNet.Numerics.Statistics.Statistics.Variance(values));
    }
}
