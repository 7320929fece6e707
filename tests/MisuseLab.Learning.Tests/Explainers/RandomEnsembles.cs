using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

/// <summary>Seeded random trees and rows with numeric and categorical splits and missing values, for oracle tests.</summary>
internal static class RandomEnsembles
{
    public const int CategoryCount = 5;

    /// <summary>Features alternate numeric (even index) and categorical (odd index).</summary>
    public static FeatureSchema Schema(int features) =>
        new(Enumerable.Range(0, features).Select(f => f % 2 == 0
            ? FeatureSpec.Numeric($"x{f}")
            : FeatureSpec.Categorical($"c{f}", Enumerable.Range(0, CategoryCount).Select(c => $"k{c}"))));

    public static TreeEnsembleModel Ensemble(Random random, FeatureSchema schema, int trees, int maxDepth, IReadOnlyList<int>? usable = null) =>
        new(schema, Enumerable.Range(0, trees).Select(_ => Tree(random, schema, maxDepth, usable)), random.NextDouble() - 0.5);

    public static RegressionTree Tree(Random random, FeatureSchema schema, int maxDepth, IReadOnlyList<int>? usable = null)
    {
        usable ??= Enumerable.Range(0, schema.Count).ToArray();
        var b = new TreeBuilder();
        Grow(b, random, schema, usable, maxDepth, 0);
        return b.Build();
    }

    /// <summary>Returns the node's cover (sum of its leaves' random covers, so covers are consistent).</summary>
    private static double Grow(TreeBuilder b, Random random, FeatureSchema schema, IReadOnlyList<int> usable, int maxDepth, int depth)
    {
        var node = b.Add();
        if (depth == maxDepth || (depth > 0 && random.NextDouble() < 0.25))
        {
            b.SetLeaf(node, Math.Round(random.NextDouble() * 2 - 1, 3), 0.5 + random.Next(1, 40));
            return b.Cover[node];
        }
        var feature = usable[random.Next(usable.Count)];
        var defaultLeft = random.NextDouble() < 0.5;
        if (schema[feature].IsCategorical)
        {
            var left = Enumerable.Range(0, CategoryCount).Where(_ => random.NextDouble() < 0.5).ToList();
            if (left.Count == 0) left.Add(random.Next(CategoryCount));
            b.SetSplit(node, feature, double.NaN, defaultLeft, left);
        }
        else
        {
            b.SetSplit(node, feature, Math.Round(random.NextDouble() * 4 - 2, 1), defaultLeft, []);
        }
        b.Left[node] = b.Count;
        var cl = Grow(b, random, schema, usable, maxDepth, depth + 1);
        b.Right[node] = b.Count;
        var cr = Grow(b, random, schema, usable, maxDepth, depth + 1);
        b.Cover[node] = cl + cr;
        return cl + cr;
    }

    /// <summary>Random rows; numeric values on a coarse grid so they often equal thresholds, ~15% missing.</summary>
    public static Frame Rows(Random random, FeatureSchema schema, int rows)
    {
        var columns = new double[schema.Count][];
        for (var f = 0; f < schema.Count; f++)
        {
            columns[f] = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                columns[f][i] = random.NextDouble() < 0.15 ? double.NaN
                    : schema[f].IsCategorical ? random.Next(CategoryCount)
                    : Math.Round(random.NextDouble() * 4 - 2, 1);
            }
        }
        return new Frame(schema, columns);
    }

    internal sealed class TreeBuilder
    {
        public List<int> Left { get; } = [];
        public List<int> Right { get; } = [];
        public List<int> Feature { get; } = [];
        public List<double> Threshold { get; } = [];
        public List<bool> DefaultLeft { get; } = [];
        public List<int[]> Categories { get; } = [];
        public List<double> Value { get; } = [];
        public List<double> Cover { get; } = [];
        public int Count => Left.Count;

        public int Add()
        {
            Left.Add(-1); Right.Add(-1); Feature.Add(-1); Threshold.Add(double.NaN); DefaultLeft.Add(false);
            Categories.Add([]); Value.Add(0); Cover.Add(0);
            return Count - 1;
        }

        public void SetLeaf(int node, double value, double cover) { Value[node] = value; Cover[node] = cover; }

        public void SetSplit(int node, int feature, double threshold, bool defaultLeft, IEnumerable<int> categories)
        {
            Feature[node] = feature; Threshold[node] = threshold; DefaultLeft[node] = defaultLeft; Categories[node] = [.. categories];
        }

        public RegressionTree Build() => new(Left, Right, Feature, Threshold, DefaultLeft, Categories, Value, Cover);
    }
}
