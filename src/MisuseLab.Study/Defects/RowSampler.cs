namespace MisuseLab.Study.Defects;

/// <summary>Seeded sampling of rows without replacement, shared by every defect that picks a share of rows.</summary>
public static class RowSampler
{
    /// <summary>round(rate × rows), halves away from zero: 10% of 32,561 is 3,256.</summary>
    public static int CountFor(double rate, int rows) => (int)Math.Round(rate * rows, MidpointRounding.AwayFromZero);

    /// <summary><paramref name="count"/> distinct indices of 0..<paramref name="rows"/>-1, ascending.</summary>
    public static int[] Sample(Random random, int rows, int count)
    {
        var all = new int[rows];
        for (var i = 0; i < rows; i++) all[i] = i;
        return Sample(random, all, count);
    }

    /// <summary><paramref name="count"/> distinct elements of <paramref name="candidates"/>, ascending. Partial Fisher–Yates: count draws.</summary>
    public static int[] Sample(Random random, int[] candidates, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, candidates.Length);
        var pool = (int[])candidates.Clone();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var chosen = pool[..count];
        Array.Sort(chosen);
        return chosen;
    }
}
