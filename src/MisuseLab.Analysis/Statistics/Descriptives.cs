using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace MisuseLab.Analysis.Statistics;

/// <summary>
/// Summary of one group's values.
/// <para>
/// Conventions: <see cref="StandardDeviation"/> is the sample standard deviation (divisor n − 1);
/// <see cref="Median"/>, <see cref="Q1"/> and <see cref="Q3"/> use quantile definition R type 7 (R's and NumPy's
/// default: linear interpolation between order statistics at h = (n − 1)p); the confidence interval of the mean is
/// t-based, mean ± t(1 − α/2, n − 1)·sd/√n.
/// </para>
/// <para>
/// Small groups: n = 0 gives NaN for every statistic; n = 1 gives mean = median = Q1 = Q3 = the value
/// and NaN standard deviation and interval (there is no spread to estimate).
/// </para>
/// </summary>
public sealed record GroupDescriptives(
    string Group,
    int N,
    double Mean,
    double StandardDeviation,
    double Median,
    double Q1,
    double Q3,
    double ConfidenceLevel,
    double MeanCiLower,
    double MeanCiUpper)
{
    /// <summary>Q3 − Q1 (R type 7 quantiles).</summary>
    public double InterquartileRange => Q3 - Q1;
}

/// <summary>Per-group descriptive statistics, computed with MathNet.Numerics.</summary>
public static class Descriptives
{
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>Describes one group; see <see cref="GroupDescriptives"/> for the conventions and small-n behaviour.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static GroupDescriptives Describe(string group, IReadOnlyList<double> values, double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(group);
        SampleGuard.ConfidenceLevel(confidenceLevel, nameof(confidenceLevel));
        double[] sorted = SampleGuard.FiniteCopy(values, nameof(values));
        int n = sorted.Length;
        if (n == 0)
        {
            return new GroupDescriptives(group, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
                confidenceLevel, double.NaN, double.NaN);
        }

        Array.Sort(sorted);
        double mean = sorted.Mean();
        double sd = n > 1 ? sorted.StandardDeviation() : double.NaN;
        double lower = double.NaN, upper = double.NaN;
        if (n > 1)
        {
            double t = StudentT.InvCDF(0.0, 1.0, n - 1, 0.5 + confidenceLevel / 2.0);
            double halfWidth = t * sd / Math.Sqrt(n);
            lower = mean - halfWidth;
            upper = mean + halfWidth;
        }

        return new GroupDescriptives(
            group,
            n,
            mean,
            sd,
            SortedArrayStatistics.QuantileCustom(sorted, 0.5, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.25, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, 0.75, QuantileDefinition.R7),
            confidenceLevel,
            lower,
            upper);
    }

    /// <summary>
    /// Describes every group found in <paramref name="groups"/> (one label per value), ordered by group name
    /// (ordinal) so a report is the same whatever order participants arrived in.
    /// </summary>
    public static IReadOnlyList<GroupDescriptives> ByGroup(
        IReadOnlyList<string> groups, IReadOnlyList<double> values, double confidenceLevel = DefaultConfidenceLevel)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(values);
        SampleGuard.SameLength(groups.Count, values.Count, nameof(groups), nameof(values));
        var byGroup = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        for (int i = 0; i < groups.Count; i++)
        {
            string g = groups[i] ?? throw new ArgumentException($"Expected a group label at index {i}, found null.", nameof(groups));
            if (!byGroup.TryGetValue(g, out var list))
            {
                byGroup[g] = list = [];
            }

            list.Add(values[i]);
        }

        var result = new List<GroupDescriptives>(byGroup.Count);
        foreach (var (g, list) in byGroup)
        {
            result.Add(Describe(g, list, confidenceLevel));
        }

        return result;
    }
}
