using MathNet.Numerics;

namespace MisuseLab.Analysis.Statistics;

/// <summary>Result of Pearson's χ² test of independence.</summary>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue, bool YatesCorrected, double MinimumExpected);

/// <summary>
/// Pearson's χ² test of independence on an r×c table: X² = Σ (O − E)²/E with E = row total · column total / N,
/// df = (r − 1)(c − 1), p = upper tail of χ²(df) (MathNet's regularized upper incomplete gamma, accurate for tiny p).
/// Yates' continuity correction (2×2 only) replaces |O − E| by max(0, |O − E| − ½), as R's <c>chisq.test</c> does.
/// </summary>
public static class PearsonChiSquareTest
{
    /// <summary>Tests a 2×2 table; Yates' correction is off unless asked for (R's <c>chisq.test</c> defaults it on).</summary>
    public static ChiSquareResult Test(TwoByTwoTable table, bool yatesCorrection = false) => Test(table.ToArray(), yatesCorrection);

    /// <exception cref="ArgumentException">The table is smaller than 2×2, has a negative count, or a row or column total of 0
    /// (its expected counts would be 0; drop that row/column or use Fisher's exact test).</exception>
    public static ChiSquareResult Test(int[,] counts, bool yatesCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        if (rows < 2 || columns < 2)
        {
            throw new ArgumentException($"Expected at least a 2×2 table, found {rows}×{columns}.", nameof(counts));
        }

        if (yatesCorrection && (rows != 2 || columns != 2))
        {
            throw new ArgumentException($"Yates' correction applies to 2×2 tables only, found {rows}×{columns}.", nameof(yatesCorrection));
        }

        var rowTotals = new double[rows];
        var columnTotals = new double[columns];
        double total = 0.0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                int o = counts[i, j];
                if (o < 0)
                {
                    throw new ArgumentException($"Expected non-negative counts, found {o} at row {i}, column {j}.", nameof(counts));
                }

                rowTotals[i] += o;
                columnTotals[j] += o;
                total += o;
            }
        }

        CheckMargins(rowTotals, "row");
        CheckMargins(columnTotals, "column");

        double statistic = 0.0;
        double minimumExpected = double.PositiveInfinity;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double expected = rowTotals[i] * columnTotals[j] / total;
                minimumExpected = Math.Min(minimumExpected, expected);
                double deviation = Math.Abs(counts[i, j] - expected);
                if (yatesCorrection)
                {
                    deviation = Math.Max(0.0, deviation - 0.5);
                }

                statistic += deviation * deviation / expected;
            }
        }

        int df = (rows - 1) * (columns - 1);
        double p = SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2.0);
        return new ChiSquareResult(statistic, df, p, yatesCorrection, minimumExpected);
    }

    private static void CheckMargins(double[] totals, string kind)
    {
        for (int i = 0; i < totals.Length; i++)
        {
            if (totals[i] == 0.0)
            {
                throw new ArgumentException(
                    $"Expected every {kind} total to be positive, found 0 in {kind} {i}: its expected counts are 0 and χ² is undefined. " +
                    $"Drop that {kind}, or use Fisher's exact test on a 2×2 table.", "counts");
            }
        }
    }
}
