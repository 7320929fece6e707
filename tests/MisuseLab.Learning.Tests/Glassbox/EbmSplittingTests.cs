using MisuseLab.Learning.Glassbox;

namespace MisuseLab.Learning.Tests.Glassbox;

public class EbmSplittingTests
{
    private const double LearningRate = 0.1;

    [Fact]
    public void Two_leaves_match_the_brute_force_best_cut()
    {
        var random = new Random(21);
        for (var trial = 0; trial < 200; trial++)
        {
            var (g, h, n) = RandomHistogram(random, 12);
            var order = Enumerable.Range(0, 12).Reverse().ToArray();
            var delta = new double[12];
            var leaves = new EbmTermSplitter(maxLeaves: 2, minSamplesLeaf: 3).Fit(order, g, h, n, LearningRate, delta);

            var best = BruteForce(order, g, h, n, 3, segments: 2);
            if (best.Gain <= 0) { Assert.Equal(0, leaves); continue; }
            Assert.Equal(2, leaves);
            AssertNewtonSegments(order, g, h, delta, best.Cuts);
        }
    }

    [Fact]
    public void Three_leaves_are_contiguous_newton_segments_between_the_best_two_and_three_leaf_gains()
    {
        var random = new Random(22);
        for (var trial = 0; trial < 200; trial++)
        {
            var (g, h, n) = RandomHistogram(random, 10);
            var order = Enumerable.Range(0, 10).ToArray();
            var delta = new double[10];
            var leaves = new EbmTermSplitter(maxLeaves: 3, minSamplesLeaf: 2).Fit(order, g, h, n, LearningRate, delta);
            var bestTwo = BruteForce(order, g, h, n, 2, segments: 2);
            var bestThree = BruteForce(order, g, h, n, 2, segments: 3);
            if (bestTwo.Gain <= 0) { Assert.Equal(0, leaves); continue; }

            // Recover the segments from the written values and check their sizes, values and gain.
            var cuts = new List<int>();
            for (var i = 1; i < order.Length; i++) if (delta[order[i]] != delta[order[i - 1]]) cuts.Add(i);
            Assert.InRange(cuts.Count, 1, leaves - 1);
            AssertNewtonSegments(order, g, h, delta, [.. cuts]);
            var gain = Gain(order, g, h, [.. cuts]);
            Assert.True(gain >= bestTwo.Gain - 1e-9 && gain <= bestThree.Gain + 1e-9,
                $"Trial {trial}: greedy gain {gain} should lie between the best 2-leaf gain {bestTwo.Gain} and the best 3-leaf gain {bestThree.Gain}.");
            var bounds = new[] { 0 }.Concat(cuts).Append(order.Length).ToArray();
            for (var s = 0; s + 1 < bounds.Length; s++)
                Assert.True(Enumerable.Range(bounds[s], bounds[s + 1] - bounds[s]).Sum(i => n[order[i]]) >= 2, $"Trial {trial}: a leaf has fewer than 2 rows.");
        }
    }

    [Fact]
    public void Stratified_split_holds_out_the_fraction_of_each_class()
    {
        var y = Enumerable.Range(0, 1200).Select(i => i % 6 == 0).ToArray();
        var (train, validation) = EbmTrainer.StratifiedSplit(y, 0.15, new Random(3));

        Assert.Equal(30, validation.Count(i => y[i]));
        Assert.Equal(150, validation.Count(i => !y[i]));
        Assert.Equal(Enumerable.Range(0, 1200), train.Concat(validation).Order());
        Assert.Equal(train.Order(), train);
        Assert.Equal(validation.Order(), validation);
        Assert.Equal(validation, EbmTrainer.StratifiedSplit(y, 0.15, new Random(3)).Validation);
        Assert.NotEqual(validation, EbmTrainer.StratifiedSplit(y, 0.15, new Random(4)).Validation);
    }

    [Fact]
    public void Bag_seeds_differ_between_bags_and_seeds()
    {
        var seeds = new HashSet<int>();
        for (var seed = 0; seed < 20; seed++)
            for (var bag = 0; bag < 20; bag++)
                Assert.True(seeds.Add(EbmTrainer.BagSeed(seed, bag)), $"Seed {seed}, bag {bag} repeats an earlier bag seed.");
    }

    private static (double[] G, double[] H, int[] N) RandomHistogram(Random random, int bins)
    {
        var g = new double[bins];
        var h = new double[bins];
        var n = new int[bins];
        for (var b = 0; b < bins; b++)
        {
            n[b] = random.Next(0, 7);
            h[b] = n[b] * (0.05 + 0.2 * random.NextDouble());
            g[b] = n[b] * (random.NextDouble() - 0.5);
        }
        return (g, h, n);
    }

    private static double Gain(int[] order, double[] g, double[] h, int[] cuts)
    {
        var bounds = new[] { 0 }.Concat(cuts).Append(order.Length).ToArray();
        double total = 0, gAll = 0, hAll = 0;
        for (var s = 0; s + 1 < bounds.Length; s++)
        {
            double gs = 0, hs = 0;
            for (var i = bounds[s]; i < bounds[s + 1]; i++) { gs += g[order[i]]; hs += h[order[i]]; }
            total += gs * gs / hs;
            gAll += gs;
            hAll += hs;
        }
        return total - gAll * gAll / hAll;
    }

    /// <summary>The best partition into exactly <paramref name="segments"/> contiguous runs, each with at least <paramref name="minRows"/> rows.</summary>
    private static (double Gain, int[] Cuts) BruteForce(int[] order, double[] g, double[] h, int[] n, int minRows, int segments)
    {
        var best = (Gain: 0.0, Cuts: Array.Empty<int>());
        var k = order.Length;
        IEnumerable<int[]> candidates = segments == 2
            ? Enumerable.Range(1, k - 1).Select(c => new[] { c })
            : Enumerable.Range(1, k - 1).SelectMany(a => Enumerable.Range(a + 1, k - a - 1).Select(b => new[] { a, b }));
        foreach (var cuts in candidates)
        {
            var bounds = new[] { 0 }.Concat(cuts).Append(k).ToArray();
            var ok = true;
            for (var s = 0; s + 1 < bounds.Length && ok; s++)
            {
                var rows = 0;
                double hs = 0;
                for (var i = bounds[s]; i < bounds[s + 1]; i++) { rows += n[order[i]]; hs += h[order[i]]; }
                ok = rows >= minRows && hs > 1e-12;
            }
            if (!ok) continue;
            var gain = Gain(order, g, h, cuts);
            if (gain > best.Gain + 1e-12) best = (gain, cuts);
        }
        return best;
    }

    private static void AssertNewtonSegments(int[] order, double[] g, double[] h, double[] delta, int[] cuts)
    {
        var bounds = new[] { 0 }.Concat(cuts).Append(order.Length).ToArray();
        for (var s = 0; s + 1 < bounds.Length; s++)
        {
            double gs = 0, hs = 0;
            for (var i = bounds[s]; i < bounds[s + 1]; i++) { gs += g[order[i]]; hs += h[order[i]]; }
            for (var i = bounds[s]; i < bounds[s + 1]; i++) Assert.Equal(-LearningRate * gs / hs, delta[order[i]], 12);
        }
    }
}
