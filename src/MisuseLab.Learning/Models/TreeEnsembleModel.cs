using System.Collections.Immutable;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Models;

/// <summary>A boosted tree ensemble: margin = BaseScore + Σ tree outputs. Plain data; trainers return it.</summary>
public sealed class TreeEnsembleModel : IBinaryClassifier
{
    public TreeEnsembleModel(FeatureSchema schema, IEnumerable<RegressionTree> trees, double baseScore, BinMapper? bins = null)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        Trees = [.. trees];
        BaseScore = baseScore;
        Bins = bins;
        if (!double.IsFinite(baseScore))
            throw new InvalidModelException($"Base score must be finite; found {baseScore}.");
        if (bins is not null && !bins.Schema.Equals(schema))
            throw new InvalidModelException("The bins were fitted on a different schema than the model's.");
        for (var t = 0; t < Trees.Length; t++)
        {
            var tree = Trees[t];
            for (var n = 0; n < tree.NodeCount; n++)
            {
                var f = tree.Feature[n];
                if (f >= schema.Count)
                    throw new InvalidModelException($"Tree {t}, node {n} splits on feature {f}; the schema has {schema.Count} features.");
                if (tree.IsCategoricalSplit(n) && !schema[f].IsCategorical)
                    throw new InvalidModelException($"Tree {t}, node {n} makes a categorical split on numeric feature '{schema[f].Name}'.");
            }
        }
    }

    public FeatureSchema Schema { get; }
    public ImmutableArray<RegressionTree> Trees { get; }
    public double BaseScore { get; }

    /// <summary>The bin edges used in training, kept for documentation and retraining; prediction does not need them.</summary>
    public BinMapper? Bins { get; }

    public double PredictRaw(ReadOnlySpan<double> row)
    {
        var sum = BaseScore;
        foreach (var tree in Trees) sum += tree.Predict(row);
        return sum;
    }

    public double[] PredictRaw(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var output = new double[frame.RowCount];
        var width = frame.ColumnCount;
        Parallel.For(0, frame.RowCount, () => new double[width], (i, _, row) =>
        {
            frame.CopyRow(i, row);
            output[i] = PredictRaw(row);
            return row;
        }, _ => { });
        return output;
    }

    /// <summary>A copy with the given trees (for model randomization), same schema, base score and bins.</summary>
    public TreeEnsembleModel WithTrees(IEnumerable<RegressionTree> trees) => new(Schema, trees, BaseScore, Bins);
}
