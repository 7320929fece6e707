using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// Per-row, per-feature SHAP values of a model's raw margin (log-odds): for every row,
/// <c>ExpectedValue + Σ_f Values[row, f] = ModelOutputs[row]</c> up to <see cref="MaxAdditivityError"/>.
/// </summary>
public sealed class ShapValues : ILocalAttributions
{
    private readonly double[] _values;

    internal ShapValues(FeatureSchema schema, double[] values, double expectedValue, double[] modelOutputs, double maxAdditivityError)
    {
        Schema = schema;
        _values = values;
        ExpectedValue = expectedValue;
        ModelOutputs = modelOutputs;
        MaxAdditivityError = maxAdditivityError;
        RowCount = modelOutputs.Length;
    }

    public FeatureSchema Schema { get; }
    public int RowCount { get; }
    public int FeatureCount => Schema.Count;

    /// <summary>The base value E[f]: base score plus each tree's cover-weighted mean leaf value.</summary>
    public double ExpectedValue { get; }

    double ILocalAttributions.BaseValue => ExpectedValue;

    /// <summary>The model's raw margin for every row, as <c>PredictRaw</c> computes it.</summary>
    public IReadOnlyList<double> ModelOutputs { get; }

    /// <summary>max over rows of |Σφ + ExpectedValue − output|; NaN when additivity was not checked.</summary>
    public double MaxAdditivityError { get; }

    public double this[int row, int feature] => _values[row * FeatureCount + feature];

    /// <summary>The SHAP values of one row, in schema order.</summary>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The SHAP values of one feature across rows (a copy).</summary>
    public double[] Column(int feature)
    {
        var column = new double[RowCount];
        for (var i = 0; i < column.Length; i++) column[i] = _values[i * FeatureCount + feature];
        return column;
    }
}
