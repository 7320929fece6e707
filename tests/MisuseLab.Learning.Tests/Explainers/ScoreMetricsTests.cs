using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class ScoreMetricsTests
{
    [Fact]
    public void Auc_equals_the_pairwise_probability_with_ties_counting_half()
    {
        var random = new Random(9);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = 50 + trial;
            var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.4).ToArray();
            labels[0] = true; labels[1] = false;
            var margins = Enumerable.Range(0, n).Select(_ => (double)random.Next(-5, 6)).ToArray(); // many ties
            double wins = 0, pairs = 0;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    if (!labels[i] || labels[j]) continue;
                    pairs++;
                    wins += margins[i] > margins[j] ? 1 : margins[i] == margins[j] ? 0.5 : 0;
                }
            Assert.Equal(wins / pairs, ScoreMetrics.Auc.Compute(labels, margins), 14);
        }
        Assert.Throws<ArgumentException>(() => ScoreMetrics.Auc.Compute([true, true], [0.1, 0.2]));
    }

    [Fact]
    public void Accuracy_and_log_loss_match_their_definitions()
    {
        bool[] labels = [true, false, true, false];
        double[] margins = [2.0, -1.0, -0.5, 0.25];
        Assert.Equal(0.5, ScoreMetrics.Accuracy.Compute(labels, margins));
        var expected = -(Math.Log(Logistic.Sigmoid(2.0)) + Math.Log(1 - Logistic.Sigmoid(-1.0)) + Math.Log(Logistic.Sigmoid(-0.5)) + Math.Log(1 - Logistic.Sigmoid(0.25))) / 4;
        Assert.Equal(expected, ScoreMetrics.LogLoss.Compute(labels, margins), 14);
        // Stable far out where σ rounds to 1: −log σ(−800) = 800.
        Assert.Equal(800.0, ScoreMetrics.LogLoss.Compute([true], [-800.0]), 10);
    }
}
