using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

public sealed class RowSamplerTests
{
    [Theory]
    [InlineData(0.1, 32_561, 3_256)]
    [InlineData(0.05, 32_561, 1_628)]
    [InlineData(0.5, 5, 3)] // 2.5 rounds away from zero
    [InlineData(1.0, 7, 7)]
    public void Counts_round_half_away_from_zero(double rate, int rows, int expected) =>
        Assert.Equal(expected, RowSampler.CountFor(rate, rows));

    [Fact]
    public void A_sample_is_distinct_ascending_and_in_range()
    {
        var rows = RowSampler.Sample(new Random(1), 1000, 300);
        Assert.Equal(300, rows.Length);
        Assert.Equal(rows.Order(), rows);
        Assert.Equal(300, rows.Distinct().Count());
        Assert.All(rows, r => Assert.InRange(r, 0, 999));
        Assert.Equal(rows, RowSampler.Sample(new Random(1), 1000, 300));
    }

    [Fact]
    public void Every_row_is_equally_likely()
    {
        // 3 of 10 rows, 20,000 times: each row's inclusion frequency is 0.3 with sd sqrt(.3*.7/20000) ≈ 0.0032.
        var random = new Random(11);
        var hits = new int[10];
        const int trials = 20_000;
        for (var t = 0; t < trials; t++)
            foreach (var r in RowSampler.Sample(random, 10, 3)) hits[r]++;
        Assert.All(hits, h => Assert.InRange(h / (double)trials, 0.3 - 0.015, 0.3 + 0.015));
    }
}
