namespace MisuseLab.Study.Assignment;

/// <summary>
/// Decides where a new participant goes, as a pure function of the design and the stored slots, so storage can call it
/// inside the same transaction that reads the slots and writes the decision (concurrent newcomers then serialise on that
/// transaction; nothing here holds state between calls).
/// <para>
/// Rule: take the reusable slot (free or abandoned) with the lowest index; if there is none, open the next slot of
/// <see cref="PermutedBlockSchedule"/>. Consequences, proved by the tests: the stored slots are always a prefix of the
/// schedule, so per condition the number of slots (occupied + reusable) after k full blocks and a partial one lies in
/// [k·w, (k + 1)·w]; a new slot is opened only when no slot is reusable, so at that moment occupied counts have the same
/// bound; between an abandonment and the next arrival a condition can lag by at most its reusable slots. A participant's
/// slot, once taken, is never reassigned while active or completed.
/// </para>
/// </summary>
public sealed class PermutedBlockAssigner(AssignmentDesign design)
{
    public AssignmentDesign Design { get; } = design ?? throw new ArgumentNullException(nameof(design));

    /// <summary>The slot for the next newcomer.</summary>
    /// <exception cref="AssignmentStateException">The slots are not indices 0..M−1 each once, or a slot's condition is not the
    /// schedule's (the design, weights or seed changed after launch, or the stored data was edited).</exception>
    public AssignmentDecision Next(IReadOnlyList<AssignmentSlot> slots)
    {
        AssignmentSlot?[] ordered = CheckAgainstSchedule(slots);
        for (int i = 0; i < ordered.Length; i++)
        {
            AssignmentSlot slot = ordered[i]!;
            if (slot.IsReusable)
            {
                return new AssignmentDecision(i, slot.Condition, OpensNewSlot: false, BlockIndex: i / Design.BlockSize);
            }
        }

        int next = ordered.Length;
        return new AssignmentDecision(next, PermutedBlockSchedule.ConditionAt(Design, next), OpensNewSlot: true, BlockIndex: next / Design.BlockSize);
    }

    /// <summary>Per-condition counts of the stored slots, in design order (checked against the schedule like <see cref="Next"/>).</summary>
    public IReadOnlyList<ConditionTally> Tally(IReadOnlyList<AssignmentSlot> slots)
    {
        AssignmentSlot?[] ordered = CheckAgainstSchedule(slots);
        int count = Design.Conditions.Length;
        var active = new int[count];
        var completed = new int[count];
        var reusable = new int[count];
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (int c = 0; c < count; c++)
        {
            index[Design.Conditions[c]] = c;
        }

        foreach (AssignmentSlot? slot in ordered)
        {
            int c = index[slot!.Condition];
            switch (slot.State)
            {
                case SlotState.Active: active[c]++; break;
                case SlotState.Completed: completed[c]++; break;
                default: reusable[c]++; break;
            }
        }

        var tally = new ConditionTally[count];
        for (int c = 0; c < count; c++)
        {
            tally[c] = new ConditionTally(Design.Conditions[c], Design.Weights[c], active[c], completed[c], reusable[c]);
        }

        return tally;
    }

    private AssignmentSlot?[] CheckAgainstSchedule(IReadOnlyList<AssignmentSlot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var ordered = new AssignmentSlot?[slots.Count];
        foreach (AssignmentSlot slot in slots)
        {
            if (slot is null)
            {
                throw new AssignmentStateException("Expected stored slots, found a null entry in the slot list.");
            }

            if (slot.Index < 0 || slot.Index >= ordered.Length)
            {
                throw new AssignmentStateException(
                    $"Expected slot indices 0..{ordered.Length - 1} (one per stored slot), found index {slot.Index}. " +
                    "Slots must be opened in order without gaps; check the stored assignment table.");
            }

            if (ordered[slot.Index] is not null)
            {
                throw new AssignmentStateException($"Expected each slot index once, found index {slot.Index} twice.");
            }

            if (!Enum.IsDefined(slot.State))
            {
                throw new AssignmentStateException($"Expected a known state for slot {slot.Index}, found {(int)slot.State}.");
            }

            ordered[slot.Index] = slot;
        }

        int[] block = [];
        int blockIndex = -1;
        for (int i = 0; i < ordered.Length; i++)
        {
            if (i / Design.BlockSize != blockIndex)
            {
                blockIndex = i / Design.BlockSize;
                block = PermutedBlockSchedule.BlockIndices(Design, blockIndex);
            }

            string expected = Design.Conditions[block[i % Design.BlockSize]];
            if (!string.Equals(ordered[i]!.Condition, expected, StringComparison.Ordinal))
            {
                throw new AssignmentStateException(
                    $"Expected condition '{expected}' at slot {i} (block {blockIndex}, seed {Design.Seed}), found '{ordered[i]!.Condition}'. " +
                    "The study's conditions, weights or seed differ from those it was launched with; re-open the frozen study definition.");
            }
        }

        return ordered;
    }
}
