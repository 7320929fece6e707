using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class RankCorrelationTests
{
    // Oracle: R 4.2.2, cor(x, y, method = "spearman") and cor(x, y, method = "kendall") (R's Kendall is τ-b), printed
    // with sprintf("%.17g"). The first pair is signed attributions with three-way and two-way ties; "abs" ranks their
    // magnitudes, as the sanity checks do (cor(abs(x), abs(y), ...)); the last is two Likert-like integer scales.
    private static readonly double[] Signed = [0.31, -0.12, 0.31, 0.08, 0.55, -0.40, 0.08, 0.19, 0.31, 0.02, -0.12, 0.44];
    private static readonly double[] SignedOther = [0.25, -0.05, 0.30, 0.08, 0.41, -0.22, 0.02, 0.19, 0.30, 0.11, -0.05, 0.38];
    private static readonly double[] Scale = [1, 2, 2, 3, 3, 3, 4, 4, 5, 1];
    private static readonly double[] ScaleOther = [2, 1, 2, 3, 4, 3, 5, 4, 5, 1];

    public static TheoryData<string, double, double> RValues() => new()
    {
        { "signed", 0.97165564277102456, 0.91226276952188379 },
        { "abs", 0.85108523454396301, 0.68819822963931576 },
        { "scale", 0.91825715490359539, 0.83550997784402492 },
    };

    [Theory]
    [MemberData(nameof(RValues))]
    public void Spearman_and_kendall_match_r_on_tied_data(string data, double spearman, double kendall)
    {
        var (x, y) = data switch
        {
            "signed" => (Signed, SignedOther),
            "abs" => (Signed.Select(Math.Abs).ToArray(), SignedOther.Select(Math.Abs).ToArray()),
            _ => (Scale, ScaleOther),
        };
        Assert.Equal(spearman, RankCorrelation.Spearman(x, y), 1e-14);
        Assert.Equal(kendall, RankCorrelation.KendallTauB(x, y), 1e-14);
        Assert.Equal(spearman, RankCorrelation.Spearman(y, x), 1e-14);
        Assert.Equal(kendall, RankCorrelation.KendallTauB(y, x), 1e-14);
    }

    [Fact]
    public void Nan_cannot_be_ranked_and_lengths_must_agree()
    {
        var e = Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1.0, double.NaN, 3.0], [1.0, 2.0, 3.0]));
        Assert.Contains("NaN", e.Message);
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1.0, 2.0, 3.0], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => RankCorrelation.KendallTauB([1.0], [1.0]));
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
