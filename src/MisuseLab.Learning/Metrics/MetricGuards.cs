namespace MisuseLab.Learning.Metrics;

internal static class MetricGuards
{
    public static void CheckPaired(ReadOnlySpan<bool> labels, ReadOnlySpan<double> values)
    {
        if (labels.Length != values.Length)
            throw new ArgumentException($"Expected one prediction per label; found {labels.Length} labels and {values.Length} predictions.", nameof(values));
        if (labels.Length == 0)
            throw new ArgumentException("Expected at least one labelled prediction; found none.", nameof(labels));
    }

    public static void CheckProbabilities(ReadOnlySpan<double> probabilities)
    {
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"Probability {i} is {p}; expected a value in [0, 1]. Pass probabilities (Logistic.Sigmoid of margins), not margins.", nameof(probabilities));
        }
    }
}
