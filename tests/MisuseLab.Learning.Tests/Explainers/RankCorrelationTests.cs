using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class RankCorrelationTests
{
    [Fact]
    public void Mid_ranks_share_tied_positions()
    {
        Assert.Equal([1.0, 2.0, 3.5, 5.0, 3.5], RankCorrelation.MidRanks([5.0, 6.0, 7.0, 8.0, 7.0]));
        Assert.Equal([2.0, 2.0, 2.0], RankCorrelation.MidRanks([1.0, 1.0, 1.0]));
    }

    [Fact]
    public void Spearman_and_kendall_match_hand_computed_values_with_ties()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [5, 6, 7, 8, 7];
        // Ranks of y: 1, 2, 3.5, 5, 3.5 (mean 3). Deviations x: −2,−1,0,1,2; y: −2,−1,0.5,2,0.5.
        // Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 ⇒ ρ = 8/√95.
        Assert.Equal(8 / Math.Sqrt(95), RankCorrelation.Spearman(x, y), 15);
        // 10 pairs: one tie in y (3,5), concordant 8, discordant 1 (4,5) ⇒ τ_b = 7/√(10·9).
        Assert.Equal(7 / Math.Sqrt(90), RankCorrelation.KendallTauB(x, y), 15);
        Assert.Equal(-1.0, RankCorrelation.Spearman(x, [9, 7, 5, 3, 1]), 15);
        Assert.Equal(-1.0, RankCorrelation.KendallTauB(x, [9, 7, 5, 3, 1]), 15);
        Assert.True(double.IsNaN(RankCorrelation.Spearman(x, [2, 2, 2, 2, 2])));
        Assert.True(double.IsNaN(RankCorrelation.KendallTauB(x, [2, 2, 2, 2, 2])));
    }

    [Fact]
    public void Top_k_overlap_ranks_by_magnitude()
    {
        double[] a = [0.9, -0.8, 0.1, 0.05, 0.7];
        double[] b = [0.1, 0.85, -0.9, 0.0, 0.6];
        // top-3 by |.|: a → {0, 1, 4}; b → {2, 1, 4} ⇒ overlap 2/3.
        Assert.Equal(2.0 / 3, RankCorrelation.TopKOverlap(a, b, 3), 15);
        Assert.Equal(1.0, RankCorrelation.TopKOverlap(a, a, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankCorrelation.TopKOverlap(a, b, 6));
    }
}
