using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// ML.NET's own per-prediction explanation, Feature Contribution Calculation (<c>CalculateFeatureContribution</c>,
/// unnormalised, every slot kept). For a tree ensemble a slot's contribution is, summed over the nodes on the row's
/// path that split on it, the output of the row's leaf minus the output of the leaf the row would reach had it gone
/// the other way there. Unlike SHAP these do not add up to the output: <see cref="FeatureContributions.BaseValue"/>
/// is the mean output over the explained rows, and each row's gap (base + Σ − output) is what it is.
/// One-hot slots are summed into their input column unless slot-level values are asked for.
/// </summary>
public static class MlNetFeatureContributions
{
    public const string Column = "FeatureContributions";

    public static FeatureContributions Explain(MlNetBinaryModel model, Frame rows, MlNetShapTarget target = MlNetShapTarget.Score, bool slotLevel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        var predictor = model.Predictor;
        var runtime = predictor.Transformer.Model as ICalculateFeatureContribution
            ?? throw new InvalidModelException($"ML.NET's Feature Contribution Calculation does not support this predictor ({predictor.Kind}).");
        var (scale, offset) = MlNetTreeShap.Affine(model, target);
        var slots = model.Slots;
        if (!slotLevel && !slots.AllMapped)
            throw new InvalidModelException("Some feature slots come from no input column by name; ask for slot-level contributions.");
        var featurized = model.Transformer.Transform(model.ToDataView(rows));
        var estimator = model.Context.Transforms.CalculateFeatureContribution(new Adapter(predictor.Transformer, runtime), slots.Count, slots.Count, normalize: false);
        var output = estimator.Fit(featurized).Transform(featurized);

        var schema = slotLevel ? slots.Schema : model.Schema;
        var width = schema.Count;
        var values = new double[rows.RowCount * width];
        var outputs = new double[rows.RowCount];
        using var cursor = output.GetRowCursor([output.Schema[Column], output.Schema[MlNetBinaryModel.ScoreColumn]]);
        var contributions = cursor.GetGetter<VBuffer<float>>(output.Schema[Column]);
        var score = cursor.GetGetter<float>(output.Schema[MlNetBinaryModel.ScoreColumn]);
        VBuffer<float> vector = default;
        float s = 0;
        var row = 0;
        while (cursor.MoveNext())
        {
            contributions(ref vector);
            score(ref s);
            outputs[row] = scale * s + offset;
            var dense = vector.DenseValues().ToArray();
            for (var k = 0; k < dense.Length; k++) values[row * width + (slotLevel ? k : slots.Sources[k])] += scale * dense[k];
            row++;
        }
        return new FeatureContributions(schema, values, outputs.Length == 0 ? 0 : outputs.Average(), outputs);
    }

    /// <summary>
    /// ML.NET's FCC estimator reads only Model and FeatureColumnName of the transformer it is given, typed as
    /// <c>ISingleFeaturePredictionTransformer&lt;ICalculateFeatureContribution&gt;</c>; a loaded model's transformer is
    /// typed by its calibrated base class, so this presents the same transformer with the model's runtime interface.
    /// </summary>
    private sealed class Adapter(ISingleFeaturePredictionTransformer<object> inner, ICalculateFeatureContribution model)
        : ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>
    {
        public ICalculateFeatureContribution Model => model;
        public string FeatureColumnName => inner.FeatureColumnName;
        public DataViewType FeatureColumnType => inner.FeatureColumnType;
        public bool IsRowToRowMapper => inner.IsRowToRowMapper;
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inner.GetOutputSchema(inputSchema);
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => inner.GetRowToRowMapper(inputSchema);
        public IDataView Transform(IDataView input) => inner.Transform(input);
        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException("The FCC adapter is never saved; save the model itself.");
    }
}

/// <summary>ML.NET FCC contributions per row and feature, with the mean output as base value (they do not add up; see <see cref="MlNetFeatureContributions"/>).</summary>
public sealed class FeatureContributions(FeatureSchema schema, double[] values, double baseValue, double[] outputs) : ILocalAttributions
{
    public FeatureSchema Schema { get; } = schema;
    public int RowCount => outputs.Length;

    /// <summary>The mean model output over the explained rows (FCC has no base value of its own).</summary>
    public double BaseValue { get; } = baseValue;

    public IReadOnlyList<double> ModelOutputs { get; } = outputs;
    public double this[int row, int feature] => values[row * Schema.Count + feature];
    public ReadOnlySpan<double> Row(int row) => values.AsSpan(row * Schema.Count, Schema.Count);
}
