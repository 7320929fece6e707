using MisuseLab.Learning.Metrics;

namespace MisuseLab.Learning.Tests.Metrics;

public class RocAucTests
{
    [Theory]
    [InlineData(1, 500, 5)]
    [InlineData(2, 300, 2)]
    [InlineData(3, 1000, 30)]
    public void Equals_the_pairwise_count_with_ties_as_half_on_data_with_many_ties(int seed, int n, int distinctScores)
    {
        var random = new Random(seed);
        var labels = new bool[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = random.Next(distinctScores) / (double)distinctScores;
            labels[i] = random.NextDouble() < 0.3 + 0.4 * scores[i];
        }

        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < n; i++)
        {
            if (!labels[i]) continue;
            for (var j = 0; j < n; j++)
            {
                if (labels[j]) continue;
                pairs++;
                if (scores[i] > scores[j]) wins += 1;
                else if (scores[i] == scores[j]) wins += 0.5;
            }
        }

        Assert.Equal(wins / pairs, RocAuc.Compute(labels, scores), 12);
    }

    [Fact]
    public void Perfect_reversed_and_constant_scores_give_one_zero_and_a_half()
    {
        bool[] labels = [false, false, true, true];
        Assert.Equal(1.0, RocAuc.Compute(labels, [0.1, 0.2, 0.3, 0.4]));
        Assert.Equal(0.0, RocAuc.Compute(labels, [0.4, 0.3, 0.2, 0.1]));
        Assert.Equal(0.5, RocAuc.Compute(labels, [0.7, 0.7, 0.7, 0.7]));
    }

    [Fact]
    public void A_single_class_or_a_nan_score_is_refused_with_the_reason()
    {
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, true], [0.1, 0.2])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => RocAuc.Compute([true, false], [double.NaN, 0.2])).Message);
    }
}
