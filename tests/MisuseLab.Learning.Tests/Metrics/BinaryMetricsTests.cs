using MisuseLab.Learning.Metrics;

namespace MisuseLab.Learning.Tests.Metrics;

public class BinaryMetricsTests
{
    // Hand-checked example: at threshold 0.5 rows 0,1 are TP, row 2 FN, row 3 FP, rows 4,5 TN.
    private static readonly bool[] Labels = [true, true, true, false, false, false];
    private static readonly double[] Probabilities = [0.9, 0.5, 0.2, 0.75, 0.4, 0.05];

    [Fact]
    public void Confusion_matrix_accuracy_and_f1_match_a_hand_count_with_half_predicting_positive()
    {
        var confusion = ConfusionMatrix.Compute(Labels, Probabilities);
        Assert.Equal(new ConfusionMatrix(2, 1, 2, 1), confusion);
        Assert.Equal(4 / 6.0, confusion.Accuracy, 15);
        Assert.Equal(2 / 3.0, confusion.Precision, 15);
        Assert.Equal(2 / 3.0, confusion.Recall, 15);
        Assert.Equal(2 / 3.0, confusion.F1, 15);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood_with_clipping_at_1e15()
    {
        var expected = -(Math.Log(0.9) + Math.Log(0.5) + Math.Log(0.2) + Math.Log(0.25) + Math.Log(0.6) + Math.Log(0.95)) / 6;
        Assert.Equal(expected, LogLoss.Compute(Labels, Probabilities), 14);
        // A confidently wrong prediction costs −ln(1e-15), not infinity.
        Assert.Equal(-Math.Log(1e-15), LogLoss.Compute([true], [0.0]), 10);
        // 1 − 1e-15 rounds in binary, so the clipped cost on the other side is −ln(1 − (1 − 1e-15)) ≈ 34.54.
        Assert.Equal(-Math.Log(1 - (1 - 1e-15)), LogLoss.Compute([false], [1.0]), 10);
    }

    [Fact]
    public void Calibration_has_ten_equal_width_bins_with_mean_prediction_observed_rate_and_count()
    {
        var bins = CalibrationBins.Compute([true, false, true, true, false], [0.05, 0.08, 0.55, 1.0, 0.95]);
        Assert.Equal(10, bins.Count);
        Assert.Equal(new CalibrationBin(0.0, 0.1, 2, (0.05 + 0.08) / 2, 0.5), bins[0]);
        Assert.Equal(new CalibrationBin(0.5, 0.6, 1, 0.55, 1.0), bins[5]);
        // p = 1 belongs to the last bin, [0.9, 1].
        Assert.Equal(2, bins[9].Count);
        Assert.Equal(0.975, bins[9].MeanPredicted!.Value, 15);
        Assert.Equal(0.5, bins[9].ObservedRate);
        Assert.Null(bins[3].MeanPredicted);
        Assert.Null(bins[3].ObservedRate);
        Assert.Equal(0, bins[3].Count);
    }

    [Fact]
    public void Evaluate_reports_every_metric_of_the_parts()
    {
        var report = BinaryMetrics.Evaluate(Labels, Probabilities);
        Assert.Equal(6, report.Count);
        Assert.Equal(RocAuc.Compute(Labels, Probabilities), report.Auc);
        Assert.Equal(LogLoss.Compute(Labels, Probabilities), report.LogLoss);
        Assert.Equal(4 / 6.0, report.Accuracy, 15);
        Assert.Equal(2 / 3.0, report.F1, 15);
        Assert.Equal(6, report.Calibration.Sum(b => b.Count));
        // AUC by hand: of 9 positive–negative pairs, 0.9 wins 3, 0.5 wins 2 (over 0.4, 0.05), 0.2 wins 1.
        Assert.Equal(6 / 9.0, report.Auc, 15);
    }

    [Fact]
    public void Mismatched_lengths_and_margins_passed_as_probabilities_are_refused()
    {
        Assert.Contains("one prediction per label", Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([true, false], [0.5])).Message);
        Assert.Contains("Sigmoid", Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([true, false], [2.3, -1])).Message);
    }
}
