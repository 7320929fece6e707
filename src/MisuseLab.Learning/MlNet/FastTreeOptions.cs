namespace MisuseLab.Learning.MlNet;

/// <summary>
/// Options of the ML.NET FastTree pipeline (<see cref="FastTreePipeline"/>); each maps onto one
/// <c>FastTreeBinaryTrainer.Options</c> field, and the defaults are ML.NET's own (trees, leaves, learning rate,
/// rows per leaf, bins) except <see cref="Threads"/>, fixed so results do not depend on the machine.
/// </summary>
/// <remarks>
/// Every use of <see cref="Seed"/>: it seeds the <c>MLContext</c> and is FastTree's <c>Seed</c> option. With the
/// default options (no bagging, no feature or row subsampling) FastTree draws no random numbers, so the same data
/// and options give the same trees and bit-identical scores whatever the seed; the seed is recorded regardless.
/// </remarks>
public sealed record FastTreeOptions
{
    /// <summary>Boosting rounds, one tree each (<c>NumberOfTrees</c>). Default 100.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Most leaves per tree (<c>NumberOfLeaves</c>). Default 20.</summary>
    public int NumberOfLeaves { get; init; } = 20;

    /// <summary>Shrinkage of each tree (<c>LearningRate</c>). Default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Fewest training rows a leaf may hold (<c>MinimumExampleCountPerLeaf</c>). Default 10.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    /// <summary>Most bins per feature slot (<c>MaximumBinCountPerFeature</c>). Default 255.</summary>
    public int MaximumBinCountPerFeature { get; init; } = 255;

    /// <summary>Seed of the MLContext and of FastTree (see remarks). Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Training threads (<c>NumberOfThreads</c>). Default 2: the machines we run on have two cores, and a fixed count keeps timings comparable.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every option that is out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (NumberOfTrees < 1) problems.Add($"{nameof(NumberOfTrees)} must be at least 1; found {NumberOfTrees}.");
        if (NumberOfLeaves < 2) problems.Add($"{nameof(NumberOfLeaves)} must be at least 2; found {NumberOfLeaves}.");
        if (!(LearningRate > 0 && LearningRate <= 1)) problems.Add($"{nameof(LearningRate)} must lie in (0, 1]; found {LearningRate}.");
        if (MinimumExampleCountPerLeaf < 1) problems.Add($"{nameof(MinimumExampleCountPerLeaf)} must be at least 1; found {MinimumExampleCountPerLeaf}.");
        if (MaximumBinCountPerFeature < 2) problems.Add($"{nameof(MaximumBinCountPerFeature)} must be at least 2; found {MaximumBinCountPerFeature}.");
        if (Threads < 1) problems.Add($"{nameof(Threads)} must be at least 1; found {Threads}.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid FastTree options: " + string.Join(" ", problems));
    }
}
