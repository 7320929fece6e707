namespace MisuseLab.Analysis.Statistics;

/// <summary>A p-value of a declared family with its Holm-adjusted value.</summary>
public sealed record AdjustedPValue(string Name, double PValue, double Adjusted);

/// <summary>
/// Holm's (1979) step-down adjustment over a family of m tests, as R's <c>p.adjust(p, method = "holm")</c>: with the
/// p-values sorted ascending, p̃₍ᵢ₎ = max over k ≤ i of min(1, (m − k + 1)·p₍ₖ₎). It controls the family-wise error
/// rate under any dependence, and rejects everything Bonferroni does and possibly more.
/// </summary>
public static class HolmAdjustment
{
    /// <summary>Adjusted p-values in the input order.</summary>
    /// <exception cref="ArgumentException">A p-value is NaN or outside [0, 1] (R would keep NA out of m; we ask the caller to drop it).</exception>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        for (int i = 0; i < pValues.Count; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new ArgumentException(
                    $"Expected p-values in [0, 1], found {pValues[i]} at index {i}. Leave a test that could not be run out of the family.",
                    nameof(pValues));
            }
        }

        int m = pValues.Count;
        // Stable sort, so tied p-values keep their order (R's order() is stable too; ties get equal values anyway).
        int[] order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>Adjusts a named family; names must be unique so a result can be traced back to its test.</summary>
    public static IReadOnlyList<AdjustedPValue> Adjust(IReadOnlyList<(string Name, double PValue)> family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var duplicate = family.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Expected unique test names in the family, found '{duplicate.Key}' {duplicate.Count()} times.", nameof(family));
        }

        double[] adjusted = Adjust(family.Select(f => f.PValue).ToArray());
        return family.Select((f, i) => new AdjustedPValue(f.Name, f.PValue, adjusted[i])).ToList();
    }
}
