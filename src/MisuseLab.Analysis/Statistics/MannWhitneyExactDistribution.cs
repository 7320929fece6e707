namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// Exact null distribution of the Mann–Whitney U statistic without ties: every assignment of the N = n1 + n2 ranks to
/// group 1 is equally likely, so P(U = u) = #(n1-subsets of {1..N} whose U is u) / C(N, n1).
/// </summary>
internal static class MannWhitneyExactDistribution
{
    /// <summary>
    /// Two-sided p-value as R's <c>wilcox.test</c> computes it: 2·P(U ≥ u) when u exceeds the mean n1n2/2, otherwise
    /// 2·P(U ≤ u), capped at 1.
    /// </summary>
    public static double TwoSidedP(int n1, int n2, double u)
    {
        double[] counts = Counts(n1, n2);
        double total = 0.0;
        foreach (double c in counts)
        {
            total += c;
        }

        // Without ties U is an integer; rounding guards only against floating noise from the rank sum.
        int observed = (int)Math.Round(u);
        double tail = 0.0;
        if (observed > n1 * n2 / 2.0)
        {
            for (int k = observed; k < counts.Length; k++)
            {
                tail += counts[k];
            }
        }
        else
        {
            for (int k = 0; k <= observed; k++)
            {
                tail += counts[k];
            }
        }

        return Math.Min(1.0, 2.0 * tail / total);
    }

    /// <summary>
    /// counts[u] = number of rank subsets with U = u. Built by adding ranks 1..N one at a time: when rank j joins a subset
    /// as its k-th member it sits above the j − k ranks of the other group seen so far, so U grows by j − k.
    /// Only additions of non-negative numbers, so doubles stay accurate to rounding even past 2^53.
    /// </summary>
    public static double[] Counts(int n1, int n2)
    {
        // U's distribution is the same with the groups swapped; iterate over the smaller one.
        int m = Math.Min(n1, n2);
        int n = n1 + n2;
        int maxU = n1 * n2;
        var dp = new double[m + 1][];
        for (int k = 0; k <= m; k++)
        {
            dp[k] = new double[maxU + 1];
        }

        dp[0][0] = 1.0;
        for (int j = 1; j <= n; j++)
        {
            // k descending so each rank is used at most once per subset.
            for (int k = Math.Min(j, m); k >= 1; k--)
            {
                int shift = j - k;
                if (shift > n - m)
                {
                    continue; // more than n − m ranks of the other group below: impossible
                }

                double[] from = dp[k - 1];
                double[] to = dp[k];
                int limit = Math.Min(maxU, (k - 1) * (n - m));
                for (int u = 0; u <= limit; u++)
                {
                    double c = from[u];
                    if (c != 0.0)
                    {
                        to[u + shift] += c;
                    }
                }
            }
        }

        return dp[m];
    }
}
