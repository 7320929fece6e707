using MisuseLab.Learning.Binning;

namespace MisuseLab.Learning.Boosting;

/// <summary>
/// Hyperparameters of <see cref="GbdtTrainer"/> (binary log-loss boosting). The tree-shape defaults equal
/// ML.NET FastTree's binary trainer: 100 trees, 20 leaves, at least 10 rows per leaf, learning rate 0.2,
/// 255 bins per feature.
/// </summary>
/// <remarks>
/// Every use of <see cref="Seed"/>: (1) choosing each tree's rows when <see cref="RowSubsampleFraction"/> &lt; 1;
/// (2) choosing each tree's features when <see cref="FeatureFraction"/> &lt; 1. Both draw from one
/// <see cref="Random"/> seeded once per training run, rows first, then features, tree by tree. With both
/// fractions at 1 (the default) nothing is random and the seed is only recorded.
/// </remarks>
public sealed record GbdtOptions
{
    /// <summary>Boosting rounds; one tree each. Default 100.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Leaves per tree; trees grow best-first (leaf-wise) until they have this many. Default 20.</summary>
    public int NumberOfLeaves { get; init; } = 20;

    /// <summary>Fewest training rows a leaf may hold; splits that leave fewer are not considered. Default 10.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    /// <summary>Shrinkage applied to every leaf's Newton step. Default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Bins per feature including the missing bin (numeric quantile bins; one bin per category). Default 255.</summary>
    public int MaximumBinCountPerFeature { get; init; } = BinMapper.MaxBins;

    /// <summary>
    /// λ, the L2 penalty on leaf values: a leaf's value is −η·G/(H+λ) and a split's gain is
    /// G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (G, H = gradient and hessian sums). Default 1, XGBoost's default;
    /// it keeps leaves of nearly pure rows (tiny H) from taking huge steps.
    /// </summary>
    public double L2Regularization { get; init; } = 1.0;

    /// <summary>Smallest hessian sum a leaf may hold (XGBoost's min_child_weight). Default 0.001.</summary>
    public double MinimumHessianPerLeaf { get; init; } = 1e-3;

    /// <summary>Smallest gain a split must achieve to be made. Default 0 (any positive gain).</summary>
    public double MinimumSplitGain { get; init; }

    /// <summary>
    /// Added to a category's hessian sum when categories are ordered by G/(H + smoothing) for a categorical
    /// split, so rare categories do not sort to the extremes on noise. Default 10 (LightGBM's cat_smooth).
    /// </summary>
    public double CategoricalSmoothing { get; init; } = 10;

    /// <summary>Fraction of rows each tree is grown on, drawn without replacement. Default 1 (all rows, no randomness).</summary>
    public double RowSubsampleFraction { get; init; } = 1.0;

    /// <summary>Fraction of features each tree may split on. Default 1 (all features, no randomness).</summary>
    public double FeatureFraction { get; init; } = 1.0;

    /// <summary>Seed for the random choices listed in the remarks. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads for histogram building; null uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every option that is out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (NumberOfTrees < 1) problems.Add($"{nameof(NumberOfTrees)} must be at least 1; found {NumberOfTrees}.");
        if (NumberOfLeaves < 2) problems.Add($"{nameof(NumberOfLeaves)} must be at least 2; found {NumberOfLeaves}.");
        if (MinimumExampleCountPerLeaf < 1) problems.Add($"{nameof(MinimumExampleCountPerLeaf)} must be at least 1; found {MinimumExampleCountPerLeaf}.");
        if (!(LearningRate > 0 && LearningRate <= 1)) problems.Add($"{nameof(LearningRate)} must lie in (0, 1]; found {LearningRate}.");
        if (MaximumBinCountPerFeature < 3 || MaximumBinCountPerFeature > BinMapper.MaxBins)
            problems.Add($"{nameof(MaximumBinCountPerFeature)} must lie in 3..{BinMapper.MaxBins}; found {MaximumBinCountPerFeature}.");
        if (!(L2Regularization >= 0) || double.IsInfinity(L2Regularization)) problems.Add($"{nameof(L2Regularization)} must be finite and ≥ 0; found {L2Regularization}.");
        if (!(MinimumHessianPerLeaf >= 0) || double.IsInfinity(MinimumHessianPerLeaf)) problems.Add($"{nameof(MinimumHessianPerLeaf)} must be finite and ≥ 0; found {MinimumHessianPerLeaf}.");
        if (!(MinimumSplitGain >= 0) || double.IsInfinity(MinimumSplitGain)) problems.Add($"{nameof(MinimumSplitGain)} must be finite and ≥ 0; found {MinimumSplitGain}.");
        if (!(CategoricalSmoothing >= 0) || double.IsInfinity(CategoricalSmoothing)) problems.Add($"{nameof(CategoricalSmoothing)} must be finite and ≥ 0; found {CategoricalSmoothing}.");
        if (!(RowSubsampleFraction > 0 && RowSubsampleFraction <= 1)) problems.Add($"{nameof(RowSubsampleFraction)} must lie in (0, 1]; found {RowSubsampleFraction}.");
        if (!(FeatureFraction > 0 && FeatureFraction <= 1)) problems.Add($"{nameof(FeatureFraction)} must lie in (0, 1]; found {FeatureFraction}.");
        if (MaxDegreeOfParallelism is < 1) problems.Add($"{nameof(MaxDegreeOfParallelism)} must be at least 1 or null (all cores); found {MaxDegreeOfParallelism}.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid GBDT options: " + string.Join(" ", problems));
    }

    /// <summary>True when training draws random numbers; otherwise <see cref="Seed"/> is recorded only.</summary>
    public bool UsesSeed => RowSubsampleFraction < 1 || FeatureFraction < 1;
}
