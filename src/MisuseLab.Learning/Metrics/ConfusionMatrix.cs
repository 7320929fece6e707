namespace MisuseLab.Learning.Metrics;

/// <summary>Counts of a thresholded binary classifier; a prediction is positive when p ≥ threshold.</summary>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>The threshold <see cref="BinaryMetrics"/> uses: predict positive when p ≥ 0.5.</summary>
    public const double DefaultThreshold = 0.5;

    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => (double)(TruePositives + TrueNegatives) / Total;

    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN), the harmonic mean of precision and recall; 0 when TP = 0.</summary>
    public double F1 => TruePositives == 0 ? 0 : 2.0 * TruePositives / (2.0 * TruePositives + FalsePositives + FalseNegatives);

    public static ConfusionMatrix Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> probabilities, double threshold = DefaultThreshold)
    {
        MetricGuards.CheckPaired(labels, probabilities);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = probabilities[i] >= threshold;
            if (predicted) { if (labels[i]) tp++; else fp++; }
            else { if (labels[i]) fn++; else tn++; }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
