using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Explainers;

/// <summary>Per-row additive attributions of a raw margin: BaseValue + Σ_f this[row, f] = ModelOutputs[row].</summary>
public interface ILocalAttributions
{
    FeatureSchema Schema { get; }
    int RowCount { get; }
    double BaseValue { get; }
    IReadOnlyList<double> ModelOutputs { get; }
    double this[int row, int feature] { get; }
    ReadOnlySpan<double> Row(int row);
}
