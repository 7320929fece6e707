using MathNet.Numerics.Distributions;

namespace MisuseLab.Analysis.Statistics;

/// <summary>A proportion with its Wilson score interval. With 0 trials every number is NaN (nothing was observed).</summary>
public sealed record ProportionEstimate(string Group, int Successes, int Trials, double Proportion, double ConfidenceLevel, double Lower, double Upper);

/// <summary>
/// Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998 method 3, without continuity correction):
/// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n) with z = Φ⁻¹(1 − α/2). Unlike the Wald interval it stays
/// inside [0, 1] and keeps its coverage at 0 or n successes, which comprehension accuracy often reaches.
/// </summary>
public static class WilsonInterval
{
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>The interval; (NaN, NaN) when <paramref name="trials"/> is 0.</summary>
    public static (double Lower, double Upper) Compute(int successes, int trials, double confidenceLevel = DefaultConfidenceLevel)
    {
        CheckCounts(successes, trials);
        SampleGuard.ConfidenceLevel(confidenceLevel, nameof(confidenceLevel));
        if (trials == 0)
        {
            return (double.NaN, double.NaN);
        }

        double z = Normal.InvCDF(0.0, 1.0, 0.5 + confidenceLevel / 2.0);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1.0 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double halfWidth = z / denominator * Math.Sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));

        // At 0 or n successes the bound is exactly 0 or 1; rounding would otherwise leave ±1e-17.
        double lower = successes == 0 ? 0.0 : Math.Max(0.0, centre - halfWidth);
        double upper = successes == trials ? 1.0 : Math.Min(1.0, centre + halfWidth);
        return (lower, upper);
    }

    public static ProportionEstimate Estimate(string group, int successes, int trials, double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(group);
        (double lower, double upper) = Compute(successes, trials, confidenceLevel);
        double proportion = trials == 0 ? double.NaN : (double)successes / trials;
        return new ProportionEstimate(group, successes, trials, proportion, confidenceLevel, lower, upper);
    }

    /// <summary>
    /// One estimate per group found in <paramref name="groups"/> (one label per outcome, e.g. condition and
    /// "answered correctly" / "found the defect"), ordered by group name (ordinal).
    /// </summary>
    public static IReadOnlyList<ProportionEstimate> ByGroup(
        IReadOnlyList<string> groups, IReadOnlyList<bool> outcomes, double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(outcomes);
        SampleGuard.SameLength(groups.Count, outcomes.Count, nameof(groups), nameof(outcomes));
        var counts = new SortedDictionary<string, (int Successes, int Trials)>(StringComparer.Ordinal);
        for (int i = 0; i < groups.Count; i++)
        {
            string g = groups[i] ?? throw new ArgumentException($"Expected a group label at index {i}, found null.", nameof(groups));
            counts.TryGetValue(g, out var c);
            counts[g] = (c.Successes + (outcomes[i] ? 1 : 0), c.Trials + 1);
        }

        var result = new List<ProportionEstimate>(counts.Count);
        foreach (var (g, c) in counts)
        {
            result.Add(Estimate(g, c.Successes, c.Trials, confidenceLevel));
        }

        return result;
    }

    private static void CheckCounts(int successes, int trials)
    {
        if (trials < 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes,
                $"Expected 0 ≤ successes ≤ trials, found successes = {successes}, trials = {trials}.");
        }
    }
}
