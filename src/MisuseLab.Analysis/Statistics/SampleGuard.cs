namespace MisuseLab.Analysis.Statistics;

/// <summary>Input checks shared by the analysis functions, so every one reports bad data the same way.</summary>
internal static class SampleGuard
{
    /// <summary>
    /// Copies <paramref name="values"/> into an array, rejecting NaN and infinities: a missing answer must be
    /// dropped by the caller on purpose, never silently skipped or propagated into a p-value.
    /// </summary>
    public static double[] FiniteCopy(IReadOnlyList<double> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException(
                    $"Expected finite values in '{parameterName}', found {v} at index {i}. " +
                    "Remove missing answers (NaN) before the analysis, or check the export for a unit/parse error.",
                    parameterName);
            }

            copy[i] = v;
        }

        return copy;
    }

    public static void ConfidenceLevel(double confidenceLevel, string parameterName)
    {
        if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0))
        {
            throw new ArgumentOutOfRangeException(parameterName, confidenceLevel,
                $"Expected a confidence level strictly between 0 and 1 (e.g. 0.95), found {confidenceLevel}.");
        }
    }

    public static void SameLength(int groups, int values, string groupsName, string valuesName)
    {
        if (groups != values)
        {
            throw new ArgumentException(
                $"Expected one group label per value: '{groupsName}' has {groups} entries, '{valuesName}' has {values}.",
                groupsName);
        }
    }
}
