namespace MisuseLab.Study.Assignment;

/// <summary>
/// The infinite, deterministic sequence of conditions a study hands out: block 0, block 1, … each holding condition i
/// <c>Weights[i]</c> times in a shuffled order. Slot s belongs to block s / BlockSize at position s % BlockSize.
/// <para>
/// Seed use (the only place): block k is a Fisher–Yates shuffle (from the last position down, swapping with a uniform
/// earlier-or-same position) of the conditions listed in design order, each repeated by its weight, drawing from a
/// SplitMix64 stream seeded with mix(mix(studySeed) + k), where mix is SplitMix64's output function. Blocks are thus
/// independent of each other and of how many participants arrived, and any block can be computed on its own.
/// </para>
/// </summary>
public static class PermutedBlockSchedule
{
    /// <summary>Condition indices (into <see cref="AssignmentDesign.Conditions"/>) of block <paramref name="blockIndex"/>, in slot order.</summary>
    public static int[] BlockIndices(AssignmentDesign design, int blockIndex)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentOutOfRangeException.ThrowIfNegative(blockIndex);
        var block = new int[design.BlockSize];
        int position = 0;
        for (int c = 0; c < design.Conditions.Length; c++)
        {
            for (int w = 0; w < design.Weights[c]; w++)
            {
                block[position++] = c;
            }
        }

        var rng = new SplitMix64(SplitMix64.Mix(SplitMix64.Mix((ulong)design.Seed) + (ulong)blockIndex));
        for (int i = block.Length - 1; i > 0; i--)
        {
            int j = (int)rng.NextBelow((ulong)(i + 1));
            (block[i], block[j]) = (block[j], block[i]);
        }

        return block;
    }

    /// <summary>Condition names of block <paramref name="blockIndex"/>, in slot order.</summary>
    public static IReadOnlyList<string> Block(AssignmentDesign design, int blockIndex)
    {
        int[] indices = BlockIndices(design, blockIndex);
        var names = new string[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            names[i] = design.Conditions[indices[i]];
        }

        return names;
    }

    /// <summary>The condition fixed at slot <paramref name="slotIndex"/>.</summary>
    public static string ConditionAt(AssignmentDesign design, int slotIndex)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentOutOfRangeException.ThrowIfNegative(slotIndex);
        int[] block = BlockIndices(design, slotIndex / design.BlockSize);
        return design.Conditions[block[slotIndex % design.BlockSize]];
    }
}
