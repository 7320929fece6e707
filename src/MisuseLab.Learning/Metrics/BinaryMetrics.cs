namespace MisuseLab.Learning.Metrics;

/// <summary>The standard report of a binary classifier on labelled data.</summary>
/// <param name="Auc">ROC AUC (ties count ½).</param>
/// <param name="Accuracy">Fraction correct at threshold 0.5 (p ≥ 0.5 predicts positive).</param>
/// <param name="LogLoss">Mean cross-entropy with probabilities clipped to [1e-15, 1 − 1e-15].</param>
/// <param name="F1">F1 of the positive class at threshold 0.5.</param>
public sealed record BinaryMetricsReport(
    int Count,
    double Auc,
    double Accuracy,
    double LogLoss,
    double F1,
    ConfusionMatrix Confusion,
    IReadOnlyList<CalibrationBin> Calibration);

public static class BinaryMetrics
{
    /// <summary>Every metric of <see cref="BinaryMetricsReport"/> for probabilities of the positive class.</summary>
    public static BinaryMetricsReport Evaluate(ReadOnlySpan<bool> labels, ReadOnlySpan<double> probabilities)
    {
        MetricGuards.CheckPaired(labels, probabilities);
        MetricGuards.CheckProbabilities(probabilities);
        var confusion = ConfusionMatrix.Compute(labels, probabilities);
        return new BinaryMetricsReport(
            labels.Length,
            RocAuc.Compute(labels, probabilities),
            confusion.Accuracy,
            Metrics.LogLoss.Compute(labels, probabilities),
            confusion.F1,
            confusion,
            CalibrationBins.Compute(labels, probabilities));
    }
}
