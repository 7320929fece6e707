using MisuseLab.Study.Assignment;

namespace MisuseLab.Study.Tests.Assignment;

public class PermutedBlockScheduleTests
{
    private static readonly string[] Cells = ["real/clean", "real/defective", "inverted/clean", "inverted/defective"];

    [Fact]
    public void SplitMix64_MatchesReferenceOutput()
    {
        // Vigna's splitmix64.c seeded with 1234567 (re-computed with an independent Python transcription of the reference).
        var rng = new SplitMix64(1234567);

        Assert.Equal(6457827717110365317UL, rng.Next());
        Assert.Equal(3203168211198807973UL, rng.Next());
        Assert.Equal(9817491932198370423UL, rng.Next());
        Assert.Equal(4593380528125082431UL, rng.Next());
        Assert.Equal(16408922859458223821UL, rng.Next());
    }

    [Fact]
    public void EveryBlock_HoldsEachConditionWeightTimes()
    {
        var design = new AssignmentDesign(["a", "b", "c"], [1, 2, 3], seed: 99);

        for (int k = 0; k < 500; k++)
        {
            var block = PermutedBlockSchedule.Block(design, k);
            Assert.Equal(6, block.Count);
            Assert.Equal(1, block.Count(c => c == "a"));
            Assert.Equal(2, block.Count(c => c == "b"));
            Assert.Equal(3, block.Count(c => c == "c"));
        }
    }

    [Fact]
    public void SameSeed_GivesSameSchedule_DifferentSeedsDiffer()
    {
        var first = new AssignmentDesign(Cells, seed: 2020);
        var again = new AssignmentDesign(Cells, seed: 2020);
        var other = new AssignmentDesign(Cells, seed: 2021);

        string[] a = Enumerable.Range(0, 400).Select(s => PermutedBlockSchedule.ConditionAt(first, s)).ToArray();
        string[] b = Enumerable.Range(0, 400).Select(s => PermutedBlockSchedule.ConditionAt(again, s)).ToArray();
        string[] c = Enumerable.Range(0, 400).Select(s => PermutedBlockSchedule.ConditionAt(other, s)).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        // Not just a different first block: the two seeds disagree in most of the 100 blocks (equal by chance with p = 1/24).
        int sameBlocks = Enumerable.Range(0, 100).Count(k => a.Skip(4 * k).Take(4).SequenceEqual(c.Skip(4 * k).Take(4)));
        Assert.InRange(sameBlocks, 0, 15);
    }

    [Fact]
    public void ManySeeds_GiveManyDifferentFirstBlocks()
    {
        var firstBlocks = Enumerable.Range(0, 200)
            .Select(seed => string.Join(",", PermutedBlockSchedule.Block(new AssignmentDesign(Cells, seed), 0)))
            .ToHashSet();

        Assert.Equal(24, firstBlocks.Count); // all 4! orders occur among 200 seeds
    }

    [Fact]
    public void BlockOrders_AreUniformOverPermutations()
    {
        // 6000 blocks of three conditions: each of the 3! orders should appear ~1000 times. χ²(5) critical value at
        // p = 0.001 is 20.52; a biased shuffle (e.g. Sattolo's, or j drawn from [0, n)) fails this by far.
        var design = new AssignmentDesign(["a", "b", "c"], seed: 7);
        var counts = new Dictionary<string, int>();
        for (int k = 0; k < 6000; k++)
        {
            string key = string.Concat(PermutedBlockSchedule.Block(design, k));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, counts.Count);
        double chi = counts.Values.Sum(o => (o - 1000.0) * (o - 1000.0) / 1000.0);
        Assert.True(chi < 20.52, $"χ² = {chi:0.00} over block orders {string.Join(", ", counts)}");
    }

    [Fact]
    public void ConditionAt_AgreesWithBlocks()
    {
        var design = new AssignmentDesign(["x", "y"], [2, 3], seed: -5);

        for (int s = 0; s < 100; s++)
        {
            Assert.Equal(PermutedBlockSchedule.Block(design, s / 5)[s % 5], PermutedBlockSchedule.ConditionAt(design, s));
        }
    }

    [Fact]
    public void Design_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => new AssignmentDesign([], 1));
        Assert.Throws<ArgumentException>(() => new AssignmentDesign(["a", "a"], 1));
        Assert.Throws<ArgumentException>(() => new AssignmentDesign(["a", " "], 1));
        Assert.Throws<ArgumentException>(() => new AssignmentDesign(["a", "b"], [1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentDesign(["a", "b"], [1, 0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AssignmentDesign(["a", "b"], [5000, 5001], 1));
    }
}
