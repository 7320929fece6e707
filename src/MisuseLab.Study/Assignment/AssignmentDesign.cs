using System.Collections.Immutable;

namespace MisuseLab.Study.Assignment;

/// <summary>
/// The frozen inputs of a study's permuted-block schedule: its conditions (cells), their integer weights (a block holds
/// condition i exactly <c>Weights[i]</c> times) and the study seed. Changing any of them after launch changes the
/// schedule, which <see cref="PermutedBlockAssigner"/> detects against the stored slots.
/// </summary>
public sealed class AssignmentDesign
{
    /// <summary>Upper bound on a block's size, so a typo in a weight cannot make every call shuffle millions of entries.</summary>
    public const int MaxBlockSize = 10_000;

    /// <summary>Equal weights (1 each).</summary>
    public AssignmentDesign(IReadOnlyList<string> conditions, long seed)
        : this(conditions, conditions is null ? [] : Enumerable.Repeat(1, conditions.Count).ToArray(), seed)
    {
    }

    public AssignmentDesign(IReadOnlyList<string> conditions, IReadOnlyList<int> weights, long seed)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(weights);
        if (conditions.Count == 0)
        {
            throw new ArgumentException("Expected at least one condition, found none. List the study's cells in the design.", nameof(conditions));
        }

        if (weights.Count != conditions.Count)
        {
            throw new ArgumentException(
                $"Expected one weight per condition ({conditions.Count}), found {weights.Count} weights.", nameof(weights));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long blockSize = 0;
        for (int i = 0; i < conditions.Count; i++)
        {
            string c = conditions[i];
            if (string.IsNullOrWhiteSpace(c))
            {
                throw new ArgumentException($"Expected a condition name at index {i}, found '{c}'.", nameof(conditions));
            }

            if (!seen.Add(c))
            {
                throw new ArgumentException($"Expected distinct condition names, found '{c}' twice (second at index {i}).", nameof(conditions));
            }

            if (weights[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i],
                    $"Expected a positive integer weight for condition '{c}' (index {i}), found {weights[i]}.");
            }

            blockSize += weights[i];
        }

        if (blockSize > MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(weights), blockSize,
                $"Expected the weights to sum to at most {MaxBlockSize} (the block size), found {blockSize}. Divide the weights by their common factor.");
        }

        Conditions = [.. conditions];
        Weights = [.. weights];
        Seed = seed;
        BlockSize = (int)blockSize;
    }

    public ImmutableArray<string> Conditions { get; }

    public ImmutableArray<int> Weights { get; }

    public long Seed { get; }

    /// <summary>Σ weights: the number of slots in one block.</summary>
    public int BlockSize { get; }
}
