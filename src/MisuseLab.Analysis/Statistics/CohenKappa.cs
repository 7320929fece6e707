using MathNet.Numerics.Distributions;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// Cohen's κ of two raters with its large-sample standard error and Wald interval. <see cref="Kappa"/> is NaN when
/// chance agreement is 1 (both raters used one and the same category for every unit): κ is then undefined.
/// </summary>
public sealed record KappaResult(int Units, double ObservedAgreement, double ExpectedAgreement, double Kappa, double StandardError, double Lower, double Upper, double ConfidenceLevel);

/// <summary>
/// Cohen's (1960) κ = (pₒ − pₑ) / (1 − pₑ) from a k × k table of counts (rows rater A, columns rater B), with the
/// standard error of Fleiss, Cohen &amp; Everitt (1969, eq. 13), the variance of κ when κ is not assumed 0:
/// Var = [Σᵢ pᵢᵢ(1 − (pᵢ. + p.ᵢ)(1 − κ))² + (1 − κ)² Σ_{i≠j} pᵢⱼ(p.ᵢ + pⱼ.)² − (κ − pₑ(1 − κ))²] / (n(1 − pₑ)²).
/// This is the SE that psych::cohen.kappa and SPSS's "asymptotic standard error" report. The interval is κ ± z·SE,
/// clipped to [−1, 1] (κ cannot leave that range; the normal approximation can).
/// </summary>
public static class CohenKappa
{
    public static KappaResult FromTable(int[,] counts, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(counts);
        SampleGuard.ConfidenceLevel(confidenceLevel, nameof(confidenceLevel));
        var k = counts.GetLength(0);
        if (k != counts.GetLength(1) || k < 1)
        {
            throw new ArgumentException($"Expected a square table of counts (rater A × rater B), found {counts.GetLength(0)} × {counts.GetLength(1)}.", nameof(counts));
        }
        long n = 0;
        foreach (var c in counts)
        {
            if (c < 0) throw new ArgumentException($"Expected counts ≥ 0, found {c}.", nameof(counts));
            n += c;
        }
        if (n == 0) throw new ArgumentException("Expected at least one unit rated by both raters, found an empty table.", nameof(counts));

        var p = new double[k, k];
        var rows = new double[k];
        var cols = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                p[i, j] = counts[i, j] / (double)n;
                rows[i] += p[i, j];
                cols[j] += p[i, j];
            }
        }
        double po = 0, pe = 0;
        for (var i = 0; i < k; i++)
        {
            po += p[i, i];
            pe += rows[i] * cols[i];
        }
        var z = Normal.InvCDF(0, 1, 0.5 + confidenceLevel / 2);
        // Chance agreement of 1 needs both raters to put every unit in one category: nothing to be chance-corrected.
        if (pe >= 1 - 1e-12) return new KappaResult((int)n, po, pe, double.NaN, double.NaN, double.NaN, double.NaN, confidenceLevel);

        var kappa = (po - pe) / (1 - pe);
        double diagonal = 0, offDiagonal = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                if (i == j) diagonal += p[i, i] * Math.Pow(1 - (rows[i] + cols[i]) * (1 - kappa), 2);
                else offDiagonal += p[i, j] * Math.Pow(cols[i] + rows[j], 2);
            }
        }
        var variance = (diagonal + Math.Pow(1 - kappa, 2) * offDiagonal - Math.Pow(kappa - pe * (1 - kappa), 2)) / (n * Math.Pow(1 - pe, 2));
        // Rounding can leave a perfect-agreement variance a hair below zero.
        var se = Math.Sqrt(Math.Max(0, variance));
        return new KappaResult((int)n, po, pe, kappa, se, Math.Max(-1, kappa - z * se), Math.Min(1, kappa + z * se), confidenceLevel);
    }

    /// <summary>κ of two raters' presence/absence judgements of one code over the same units (a 2 × 2 table).</summary>
    public static KappaResult FromPairs(IReadOnlyList<(bool A, bool B)> units, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(units);
        var table = new int[2, 2];
        foreach (var (a, b) in units) table[a ? 1 : 0, b ? 1 : 0]++;
        return FromTable(table, confidenceLevel);
    }
}
