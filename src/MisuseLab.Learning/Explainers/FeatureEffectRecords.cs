namespace MisuseLab.Learning.Explainers;

/// <summary>
/// One bin of a feature with its data density. Numeric bins hold [Lower, Upper) (±∞ at the ends), a categorical
/// bin one category (Lower = Upper = its index), the missing bin NaN edges. Representative is the mean observed
/// value in the bin (the finite edge midpoint when the bin is empty; the category index; NaN for missing).
/// </summary>
public sealed record EffectBin(int Bin, string Label, double Lower, double Upper, double Representative, int Count);

/// <summary>A (feature value, SHAP value) point of a dependence plot.</summary>
public sealed record DependencePoint(int Row, double Value, double Attribution);

/// <summary>Mean and (population) standard deviation of the SHAP values of the rows in a bin (NaN when the bin is empty).</summary>
public sealed record BinnedAttribution(EffectBin Bin, double MeanAttribution, double StandardDeviation);

/// <summary>Partial dependence: the mean margin over the sampled rows with the feature set to Value.</summary>
public sealed record PartialDependencePoint(string Label, double Value, double MeanMargin);

/// <summary>The effect of one feature on a tree ensemble: SHAP dependence, its binned mean, partial dependence and density.</summary>
public sealed record EnsembleFeatureEffect(
    int Feature,
    string Name,
    IReadOnlyList<DependencePoint> Dependence,
    IReadOnlyList<BinnedAttribution> BinnedMeans,
    IReadOnlyList<PartialDependencePoint> PartialDependence,
    IReadOnlyList<EffectBin> Density);

/// <summary>One bin of an EBM shape function with its ±1 standard deviation band.</summary>
public sealed record ShapeFunctionBin(EffectBin Bin, double Score, double StandardDeviation, double Lower, double Upper);

/// <summary>The shape function of one EBM term with the data density per bin.</summary>
public sealed record EbmFeatureEffect(int Feature, string Name, IReadOnlyList<ShapeFunctionBin> Shape)
{
    public IReadOnlyList<EffectBin> Density => [.. Shape.Select(s => s.Bin)];
}

/// <summary>Options of <see cref="FeatureEffects.ForEnsemble"/>.</summary>
public sealed record FeatureEffectOptions
{
    /// <summary>Bins (missing included) for the binned mean, density and partial dependence grid of a numeric feature. Default 32.</summary>
    public int MaxBins { get; init; } = 32;

    /// <summary>Rows averaged per partial dependence point (a seeded sample without replacement). Default 1000.</summary>
    public int PartialDependenceRows { get; init; } = 1000;

    /// <summary>Seed of the partial dependence row sample, the only randomness here.</summary>
    public int Seed { get; init; }

    public void Validate()
    {
        var errors = new List<string>();
        if (MaxBins < 3 || MaxBins > Binning.BinMapper.MaxBins) errors.Add($"{nameof(MaxBins)}: expected 3..{Binning.BinMapper.MaxBins}; found {MaxBins}.");
        if (PartialDependenceRows < 1) errors.Add($"{nameof(PartialDependenceRows)}: expected at least 1; found {PartialDependenceRows}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid feature effect options: " + string.Join(" ", errors));
    }
}
