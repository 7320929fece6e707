using MathNet.Numerics.Statistics;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// Rank agreement between two explanations of the same features. Ties get mid-ranks (Spearman) or are
/// excluded pairwise with the τ-b correction (Kendall). A constant input has no ranking: the result is NaN.
/// </summary>
public static class RankCorrelation
{
    /// <summary>Spearman's ρ: Pearson correlation of the mid-ranks (MathNet's, ties averaged as R's <c>rank</c> does).</summary>
    public static double Spearman(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        var x = a.ToArray();
        var y = b.ToArray();
        // MathNet ranks NaN below every number and answers a correlation; a missing attribution has no rank, so refuse it.
        if (x.Any(double.IsNaN) || y.Any(double.IsNaN))
            throw new ArgumentException("Expected finite attributions to rank; found NaN.", nameof(a));
        return Correlation.Spearman(x, y); // a constant input makes Pearson 0/0, so NaN, as the class promises
    }

    /// <summary>
    /// Kendall's τ-b = (C − D) / √((n0 − n1)(n0 − n2)), O(n²). Hand-written: MathNet has Spearman and Pearson but
    /// no Kendall τ.
    /// </summary>
    public static double KendallTauB(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        long concordant = 0, discordant = 0, tiesA = 0, tiesB = 0, pairs = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = i + 1; j < a.Length; j++)
            {
                pairs++;
                var da = Math.Sign(a[i] - a[j]);
                var db = Math.Sign(b[i] - b[j]);
                if (da == 0) tiesA++;
                if (db == 0) tiesB++;
                if (da == 0 || db == 0) continue;
                if (da == db) concordant++; else discordant++;
            }
        }
        var denominator = Math.Sqrt((double)(pairs - tiesA) * (pairs - tiesB));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    /// <summary>|top-k(a) ∩ top-k(b)| / k, top by |value| (ties to the lower index).</summary>
    public static double TopKOverlap(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int k)
    {
        CheckLengths(a, b);
        if (k < 1 || k > a.Length)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of features ({a.Length}).");
        var topA = TopK(a, k);
        var topB = TopK(b, k);
        return (double)topA.Intersect(topB).Count() / k;
    }

    internal static int[] TopK(ReadOnlySpan<double> values, int k)
    {
        var copy = values.ToArray();
        var order = Enumerable.Range(0, copy.Length).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var c = Math.Abs(copy[y]).CompareTo(Math.Abs(copy[x]));
            return c != 0 ? c : x.CompareTo(y);
        });
        return order[..k];
    }

    private static void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Expected two rankings of the same features; found {a.Length} and {b.Length} values.");
        if (a.Length < 2)
            throw new ArgumentException($"A rank correlation needs at least two features; found {a.Length}.");
    }
}
