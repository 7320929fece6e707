namespace MisuseLab.Learning.Explainers;

/// <summary>
/// A metric of a binary classifier's raw margins (log-odds) against true labels, as permutation importance
/// needs it. Kept in Explainers so they do not depend on a concrete metrics package; the three built-ins are
/// <see cref="ScoreMetrics.Auc"/>, <see cref="ScoreMetrics.Accuracy"/> and <see cref="ScoreMetrics.LogLoss"/>.
/// </summary>
public interface IScoreMetric
{
    string Name { get; }

    /// <summary>True when larger values mean a better model (AUC, accuracy); false for losses.</summary>
    bool HigherIsBetter { get; }

    double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins);
}

public static class ScoreMetrics
{
    /// <summary>Area under the ROC curve; tied margins count one half (Mann–Whitney with mid-ranks).</summary>
    public static IScoreMetric Auc { get; } = new AucMetric();

    /// <summary>Share of rows whose predicted class (margin &gt; 0, i.e. p &gt; 0.5) equals the label.</summary>
    public static IScoreMetric Accuracy { get; } = new AccuracyMetric();

    /// <summary>
    /// Mean negative log-likelihood in nats, computed from the margin in softplus form. Unlike
    /// <see cref="Metrics.LogLoss"/> (probabilities clipped at 1e-15) it does not clip, so the two agree unless a
    /// margin exceeds ±34.5; PFI stays exact and a permutation never loses resolution at the clip.
    /// </summary>
    public static IScoreMetric LogLoss { get; } = new LogLossMetric();

    public static IReadOnlyList<IScoreMetric> Default { get; } = [Auc, Accuracy, LogLoss];

    private static void CheckLengths(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins)
    {
        if (labels.Length != margins.Length)
            throw new DataFormatException($"Expected one label per margin; found {labels.Length} labels and {margins.Length} margins.");
        if (labels.Length == 0)
            throw new DataFormatException("A metric needs at least one row; found none.");
    }

    private sealed class AucMetric : IScoreMetric
    {
        public string Name => "AUC";
        public bool HigherIsBetter => true;

        // AUC depends on the order of scores only, so margins serve as well as probabilities.
        public double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins) => Metrics.RocAuc.Compute(labels, margins);
    }

    private sealed class AccuracyMetric : IScoreMetric
    {
        public string Name => "Accuracy";
        public bool HigherIsBetter => true;

        public double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins)
        {
            CheckLengths(labels, margins);
            var correct = 0;
            for (var i = 0; i < labels.Length; i++) if (margins[i] > 0 == labels[i]) correct++;
            return (double)correct / labels.Length;
        }
    }

    private sealed class LogLossMetric : IScoreMetric
    {
        public string Name => "LogLoss";
        public bool HigherIsBetter => false;

        public double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins)
        {
            CheckLengths(labels, margins);
            var sum = 0.0;
            for (var i = 0; i < labels.Length; i++) sum += Softplus(labels[i] ? -margins[i] : margins[i]);
            return sum / labels.Length;
        }

        // −log σ(m) = softplus(−m), −log(1 − σ(m)) = softplus(m); stable for any margin.
        private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }
}
