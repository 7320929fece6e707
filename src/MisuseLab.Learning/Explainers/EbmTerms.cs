using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// An EBM explains itself: a row's contribution from feature f is its term score
/// <see cref="EbmModel.TermScore"/>, and the base value is the intercept. Contributions add up to the margin
/// exactly (summed in the model's own order); that is checked on every row.
/// </summary>
public static class EbmTerms
{
    public static TermContributions Explain(EbmModel model, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        if (!frame.Schema.Equals(model.Schema))
            throw new DataFormatException("The frame's features differ from the EBM's; explain data with the schema the model was trained on.");
        var width = model.Schema.Count;
        var values = new double[frame.RowCount * width];
        for (var f = 0; f < width; f++)
        {
            var column = frame.Column(f);
            for (var i = 0; i < column.Length; i++) values[i * width + f] = model.TermScore(f, column[i]);
        }
        var outputs = model.PredictRaw(frame);
        for (var i = 0; i < outputs.Length; i++)
        {
            var sum = model.Intercept;
            for (var f = 0; f < width; f++) sum += values[i * width + f];
            if (sum != outputs[i])
                throw new AdditivityException($"EBM term scores do not add up on row {i}: intercept + Σ terms = {sum:R} but the model output is {outputs[i]:R}. Expected equality; the model's PredictRaw and TermScore disagree.");
        }
        return new TermContributions(model.Schema, values, model.Intercept, outputs);
    }
}

/// <summary>Per-row EBM term scores; <see cref="BaseValue"/> is the intercept.</summary>
public sealed class TermContributions : ILocalAttributions
{
    private readonly double[] _values;

    internal TermContributions(FeatureSchema schema, double[] values, double intercept, double[] outputs)
    {
        Schema = schema;
        _values = values;
        BaseValue = intercept;
        ModelOutputs = outputs;
        RowCount = outputs.Length;
    }

    public FeatureSchema Schema { get; }
    public int RowCount { get; }
    public double BaseValue { get; }
    public IReadOnlyList<double> ModelOutputs { get; }
    public double this[int row, int feature] => _values[row * Schema.Count + feature];
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Schema.Count, Schema.Count);
}
