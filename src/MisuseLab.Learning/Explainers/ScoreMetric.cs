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

    /// <summary>Mean negative log-likelihood in nats, computed from the margin without clipping (softplus form).</summary>
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

        public double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> margins)
        {
            CheckLengths(labels, margins);
            var n = margins.Length;
            var keys = margins.ToArray();
            var order = new int[n];
            for (var i = 0; i < n; i++) order[i] = i;
            Array.Sort(keys, order);
            double positives = 0, rankSum = 0;
            for (var start = 0; start < n;)
            {
                var end = start + 1;
                while (end < n && keys[end] == keys[start]) end++;
                var midRank = (start + 1 + end) / 2.0; // ranks start+1 .. end share their mean
                for (var k = start; k < end; k++)
                {
                    if (!labels[order[k]]) continue;
                    positives++;
                    rankSum += midRank;
                }
                start = end;
            }
            var negatives = n - positives;
            if (positives == 0 || negatives == 0)
                throw new DataFormatException($"AUC needs both classes; found {positives} positive and {negatives} negative labels.");
            return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
        }
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
