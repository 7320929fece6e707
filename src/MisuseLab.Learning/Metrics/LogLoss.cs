namespace MisuseLab.Learning.Metrics;

/// <summary>Mean binary cross-entropy.</summary>
public static class LogLoss
{
    /// <summary>
    /// Probabilities are clipped to [ε, 1 − ε] with ε = 1e-15 (scikit-learn's long-standing choice), so one
    /// confidently wrong prediction costs at most −ln ε ≈ 34.5 instead of infinity.
    /// </summary>
    public const double Epsilon = 1e-15;

    public static double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> probabilities)
    {
        MetricGuards.CheckPaired(labels, probabilities);
        MetricGuards.CheckProbabilities(probabilities);
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
