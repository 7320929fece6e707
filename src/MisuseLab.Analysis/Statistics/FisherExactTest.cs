using MathNet.Numerics.Distributions;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// Fisher's exact test on a 2×2 table, conditioning on both margins (hypergeometric null, PMF from MathNet).
/// </summary>
public static class FisherExactTest
{
    /// <summary>
    /// Tables whose probability exceeds the observed one by less than this relative amount count as "as extreme":
    /// floating-point evaluation can make a tied probability look a hair larger. Same tolerance as R's fisher.test (1e-7).
    /// </summary>
    public const double RelativeTolerance = 1e-7;

    /// <summary>
    /// Two-sided p-value: the sum of P(table) over all tables with the observed margins whose probability is at most
    /// the observed table's (times 1 + <see cref="RelativeTolerance"/>). An empty table, or one with a zero margin,
    /// admits only itself and gives p = 1.
    /// </summary>
    public static double TwoSidedP(TwoByTwoTable table)
    {
        int total = table.Total;
        if (total == 0)
        {
            return 1.0;
        }

        int row1 = table.Row1Total, column1 = table.Column1Total;
        int low = Math.Max(0, row1 + column1 - total);
        int high = Math.Min(row1, column1);
        double observed = Hypergeometric.PMFLn(total, column1, row1, table.A);
        double threshold = observed + double.LogP1(RelativeTolerance);
        double p = 0.0;
        for (int a = low; a <= high; a++)
        {
            double logP = Hypergeometric.PMFLn(total, column1, row1, a);
            if (logP <= threshold)
            {
                p += Math.Exp(logP);
            }
        }

        return Math.Min(1.0, p);
    }
}
