using MisuseLab.Study.Assignment;

namespace MisuseLab.Study.Tests.Assignment;

public class PermutedBlockAssignerTests
{
    private static readonly string[] Cells = ["real/clean", "real/defective", "inverted/clean", "inverted/defective"];

    [Fact]
    public void ArrivalsWithoutAbandons_FollowTheScheduleAndStayBalanced()
    {
        var design = new AssignmentDesign(Cells, seed: 11);
        var assigner = new PermutedBlockAssigner(design);
        var slots = new List<AssignmentSlot>();

        for (int arrival = 0; arrival < 403; arrival++)
        {
            var decision = assigner.Next(slots);
            Assert.True(decision.OpensNewSlot);
            Assert.Equal(arrival, decision.SlotIndex);
            Assert.Equal(PermutedBlockSchedule.ConditionAt(design, arrival), decision.Condition);
            slots.Add(new AssignmentSlot(decision.SlotIndex, decision.Condition, SlotState.Active));

            int[] counts = Cells.Select(c => slots.Count(s => s.Condition == c)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"after {arrival + 1} arrivals: {string.Join(",", counts)}");
        }
    }

    [Fact]
    public void Weights_AreRespectedInEveryPrefix()
    {
        int[] weights = [1, 2, 3];
        var design = new AssignmentDesign(["a", "b", "c"], weights, seed: 3);
        var assigner = new PermutedBlockAssigner(design);
        var slots = new List<AssignmentSlot>();

        for (int arrival = 1; arrival <= 600; arrival++)
        {
            var d = assigner.Next(slots);
            slots.Add(new AssignmentSlot(d.SlotIndex, d.Condition, SlotState.Completed));
            int fullBlocks = arrival / 6;
            for (int c = 0; c < 3; c++)
            {
                int count = slots.Count(s => s.Condition == design.Conditions[c]);
                Assert.InRange(count, fullBlocks * weights[c], (fullBlocks + 1) * weights[c]);
            }
        }

        Assert.Equal([100, 200, 300], assigner.Tally(slots).Select(t => t.Completed));
    }

    [Fact]
    public void AbandonedSlot_IsGivenToTheNextNewcomer_LowestIndexFirst()
    {
        var design = new AssignmentDesign(Cells, seed: 5);
        var assigner = new PermutedBlockAssigner(design);
        var slots = Enumerable.Range(0, 10)
            .Select(i => new AssignmentSlot(i, PermutedBlockSchedule.ConditionAt(design, i), SlotState.Completed))
            .ToList();
        slots[7] = slots[7] with { State = SlotState.Abandoned };
        slots[2] = slots[2] with { State = SlotState.Abandoned };

        var first = assigner.Next(slots);
        Assert.Equal(2, first.SlotIndex);
        Assert.False(first.OpensNewSlot);
        Assert.Equal(slots[2].Condition, first.Condition);

        slots[2] = slots[2] with { State = SlotState.Active };
        Assert.Equal(7, assigner.Next(slots).SlotIndex);

        slots[7] = slots[7] with { State = SlotState.Active };
        var third = assigner.Next(slots);
        Assert.Equal(10, third.SlotIndex);
        Assert.True(third.OpensNewSlot);
        Assert.Equal(2, third.BlockIndex);
    }

    [Fact]
    public void PreOpenedFreeSlots_AreFilledInOrder()
    {
        var design = new AssignmentDesign(Cells, seed: 8);
        var assigner = new PermutedBlockAssigner(design);
        var slots = PermutedBlockSchedule.Block(design, 0).Select((c, i) => new AssignmentSlot(i, c, SlotState.Free)).ToList();
        slots[0] = slots[0] with { State = SlotState.Active };

        var d = assigner.Next(slots);

        Assert.Equal(1, d.SlotIndex);
        Assert.False(d.OpensNewSlot);
    }

    [Fact]
    public void RandomArrivalsAndAbandons_KeepEveryInvariantAtEveryStep()
    {
        int[] weights = [1, 1, 2, 1];
        var design = new AssignmentDesign(Cells, weights, seed: 31337);
        var assigner = new PermutedBlockAssigner(design);
        var random = new Random(20201025);
        var slots = new List<AssignmentSlot>();
        var heldBy = new Dictionary<int, int>(); // participant → slot they were given
        var active = new List<int>();
        int participants = 0;

        for (int step = 0; step < 4000; step++)
        {
            double roll = random.NextDouble();
            if (roll < 0.5 || active.Count == 0)
            {
                int lowestReusable = slots.FindIndex(s => s.IsReusable);
                var d = assigner.Next(slots);

                if (lowestReusable >= 0)
                {
                    Assert.False(d.OpensNewSlot);
                    Assert.Equal(lowestReusable, d.SlotIndex);
                    Assert.Equal(slots[lowestReusable].Condition, d.Condition);
                    slots[d.SlotIndex] = slots[d.SlotIndex] with { State = SlotState.Active };
                }
                else
                {
                    Assert.True(d.OpensNewSlot);
                    Assert.Equal(slots.Count, d.SlotIndex);
                    slots.Add(new AssignmentSlot(d.SlotIndex, d.Condition, SlotState.Active));
                }

                heldBy[participants] = d.SlotIndex;
                active.Add(participants++);
            }
            else
            {
                int pick = random.Next(active.Count);
                int participant = active[pick];
                active.RemoveAt(pick);
                int slot = heldBy[participant];
                bool abandons = roll < 0.7;
                slots[slot] = slots[slot] with { State = abandons ? SlotState.Abandoned : SlotState.Completed };
                if (abandons)
                {
                    heldBy.Remove(participant);
                }
            }

            AssertInvariants(design, slots, heldBy, step);
        }

        Assert.True(slots.Count > 300, "the simulation should open many blocks");
        Assert.Contains(slots, s => s.State == SlotState.Completed);
    }

    [Fact]
    public void Gap_InStoredSlots_IsReported()
    {
        var design = new AssignmentDesign(Cells, seed: 1);
        var slots = new List<AssignmentSlot>
        {
            new(0, PermutedBlockSchedule.ConditionAt(design, 0), SlotState.Active),
            new(2, PermutedBlockSchedule.ConditionAt(design, 2), SlotState.Active),
        };

        var e = Assert.Throws<AssignmentStateException>(() => new PermutedBlockAssigner(design).Next(slots));

        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void DuplicateIndex_IsReported()
    {
        var design = new AssignmentDesign(Cells, seed: 1);
        string c0 = PermutedBlockSchedule.ConditionAt(design, 0);

        var e = Assert.Throws<AssignmentStateException>(() =>
            new PermutedBlockAssigner(design).Next([new(0, c0, SlotState.Active), new(0, c0, SlotState.Completed)]));

        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void ChangedSeedAfterLaunch_IsDetected()
    {
        var launched = new AssignmentDesign(Cells, seed: 1);
        var slots = Enumerable.Range(0, 12)
            .Select(i => new AssignmentSlot(i, PermutedBlockSchedule.ConditionAt(launched, i), SlotState.Completed))
            .ToList();
        var edited = new AssignmentDesign(Cells, seed: 2);

        var e = Assert.Throws<AssignmentStateException>(() => new PermutedBlockAssigner(edited).Next(slots));

        Assert.Contains("seed 2", e.Message);
        Assert.Contains("Expected condition", e.Message);
    }

    [Fact]
    public void Slots_MayArriveInAnyOrder()
    {
        var design = new AssignmentDesign(Cells, seed: 4);
        var slots = Enumerable.Range(0, 6)
            .Select(i => new AssignmentSlot(i, PermutedBlockSchedule.ConditionAt(design, i), i == 4 ? SlotState.Abandoned : SlotState.Active))
            .Reverse()
            .ToList();

        Assert.Equal(4, new PermutedBlockAssigner(design).Next(slots).SlotIndex);
    }

    /// <summary>
    /// After every step: stored slots are a prefix of the schedule; per condition, all slots lie within one block's weight
    /// of k·w; when nothing is reusable, occupied counts obey the same bound; otherwise a condition lags by no more than its
    /// reusable slots; and every participant still holds the slot they were first given, with its original condition.
    /// </summary>
    private static void AssertInvariants(AssignmentDesign design, List<AssignmentSlot> slots, Dictionary<int, int> heldBy, int step)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            Assert.Equal(i, slots[i].Index);
            Assert.Equal(PermutedBlockSchedule.ConditionAt(design, i), slots[i].Condition);
        }

        int fullBlocks = slots.Count / design.BlockSize;
        bool anyReusable = slots.Any(s => s.IsReusable);
        for (int c = 0; c < design.Conditions.Length; c++)
        {
            string condition = design.Conditions[c];
            int w = design.Weights[c];
            int all = slots.Count(s => s.Condition == condition);
            int occupied = slots.Count(s => s.Condition == condition && s.IsOccupied);
            int reusable = all - occupied;
            Assert.InRange(all, fullBlocks * w, (fullBlocks + 1) * w);
            Assert.InRange(occupied, fullBlocks * w - reusable, (fullBlocks + 1) * w);
            if (!anyReusable)
            {
                Assert.True(occupied >= fullBlocks * w, $"step {step}: '{condition}' has {occupied} < {fullBlocks}·{w} with nothing reusable");
            }
        }

        var held = new HashSet<int>();
        foreach (var slot in heldBy.Values)
        {
            Assert.True(held.Add(slot), $"step {step}: slot {slot} given to two participants");
            Assert.True(slots[slot].IsOccupied, $"step {step}: slot {slot} lost its participant");
        }

        Assert.Equal(held.Count, slots.Count(s => s.IsOccupied));
    }
}
