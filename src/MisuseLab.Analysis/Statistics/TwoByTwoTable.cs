namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// A 2×2 table of counts. Rows are the two groups (conditions), columns the two answers:
/// <code>
///            yes   no
///   group 1   A     B
///   group 2   C     D
/// </code>
/// </summary>
public readonly record struct TwoByTwoTable
{
    public TwoByTwoTable(int a, int b, int c, int d)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        Check(c, nameof(c));
        Check(d, nameof(d));
        A = a;
        B = b;
        C = c;
        D = d;
    }

    public int A { get; }
    public int B { get; }
    public int C { get; }
    public int D { get; }

    public int Row1Total => A + B;
    public int Row2Total => C + D;
    public int Column1Total => A + C;
    public int Column2Total => B + D;
    public int Total => A + B + C + D;

    /// <summary>Builds the table from each participant's yes/no answer in the two groups (yes = column 1).</summary>
    public static TwoByTwoTable FromAnswers(IReadOnlyList<bool> group1, IReadOnlyList<bool> group2)
    {
        ArgumentNullException.ThrowIfNull(group1);
        ArgumentNullException.ThrowIfNull(group2);
        int yes1 = 0, yes2 = 0;
        foreach (bool answer in group1)
        {
            yes1 += answer ? 1 : 0;
        }

        foreach (bool answer in group2)
        {
            yes2 += answer ? 1 : 0;
        }

        return new TwoByTwoTable(yes1, group1.Count - yes1, yes2, group2.Count - yes2);
    }

    /// <summary>The table as a 2×2 array [row, column], for the r×c tests.</summary>
    public int[,] ToArray() => new[,] { { A, B }, { C, D } };

    /// <summary>Smallest count expected under independence, row total · column total / N (NaN for an empty table).</summary>
    public double MinimumExpected()
    {
        if (Total == 0)
        {
            return double.NaN;
        }

        double minRow = Math.Min(Row1Total, Row2Total);
        double minColumn = Math.Min(Column1Total, Column2Total);
        return minRow * minColumn / Total;
    }

    private static void Check(int count, string name)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(name, count, $"Expected a non-negative count in cell {name.ToUpperInvariant()}, found {count}.");
        }
    }
}
