using System.Collections.Immutable;

namespace MisuseLab.Learning.Models;

/// <summary>
/// One regression tree as parallel arrays over its nodes; node 0 is the root. A leaf has
/// <c>Left = Right = Feature = -1</c>. Routing of a row x at an internal node n:
/// missing (NaN) goes to <c>DefaultLeft[n] ? Left : Right</c>; for a numeric split, <c>x &lt; Threshold[n]</c>
/// goes left; for a categorical split (<c>LeftCategories[n]</c> non-empty, <c>Threshold[n]</c> NaN) a category
/// index listed there goes left and any other goes right. <c>Cover</c> is the training hessian sum reaching
/// the node (TreeSHAP weights paths by it); <c>Value</c> is the output of a leaf (0 at internal nodes).
/// </summary>
public sealed class RegressionTree
{
    public RegressionTree(
        IEnumerable<int> left,
        IEnumerable<int> right,
        IEnumerable<int> feature,
        IEnumerable<double> threshold,
        IEnumerable<bool> defaultLeft,
        IEnumerable<IEnumerable<int>> leftCategories,
        IEnumerable<double> value,
        IEnumerable<double> cover)
    {
        Left = [.. left];
        Right = [.. right];
        Feature = [.. feature];
        Threshold = [.. threshold];
        DefaultLeft = [.. defaultLeft];
        LeftCategories = [.. leftCategories.Select(c => c.Order().ToImmutableArray())];
        Value = [.. value];
        Cover = [.. cover];
        Validate();
    }

    public ImmutableArray<int> Left { get; }
    public ImmutableArray<int> Right { get; }
    public ImmutableArray<int> Feature { get; }
    public ImmutableArray<double> Threshold { get; }
    public ImmutableArray<bool> DefaultLeft { get; }
    public ImmutableArray<ImmutableArray<int>> LeftCategories { get; }
    public ImmutableArray<double> Value { get; }
    public ImmutableArray<double> Cover { get; }

    public int NodeCount => Left.Length;
    public bool IsLeaf(int node) => Left[node] < 0;
    public bool IsCategoricalSplit(int node) => !IsLeaf(node) && LeftCategories[node].Length > 0;

    /// <summary>The child a value takes at internal node <paramref name="node"/>.</summary>
    public int Next(int node, double x)
    {
        if (double.IsNaN(x)) return DefaultLeft[node] ? Left[node] : Right[node];
        var categories = LeftCategories[node];
        if (categories.Length > 0)
            return categories.BinarySearch((int)x) >= 0 && x == Math.Floor(x) ? Left[node] : Right[node];
        return x < Threshold[node] ? Left[node] : Right[node];
    }

    /// <summary>The leaf a row (values in schema order) reaches.</summary>
    public int LeafOf(ReadOnlySpan<double> row)
    {
        var node = 0;
        while (Left[node] >= 0) node = Next(node, row[Feature[node]]);
        return node;
    }

    public double Predict(ReadOnlySpan<double> row) => Value[LeafOf(row)];

    /// <summary>Length of the longest root-to-leaf path, in edges.</summary>
    public int Depth()
    {
        var depth = new int[NodeCount];
        var max = 0;
        for (var n = 0; n < NodeCount; n++)
        {
            if (IsLeaf(n)) { max = Math.Max(max, depth[n]); continue; }
            depth[Left[n]] = depth[n] + 1;
            depth[Right[n]] = depth[n] + 1;
        }
        return max;
    }

    private void Validate()
    {
        var n = Left.Length;
        if (n == 0) throw new InvalidModelException("A tree needs at least one node (a single leaf); found none.");
        CheckLength(Right.Length, n, "right");
        CheckLength(Feature.Length, n, "feature");
        CheckLength(Threshold.Length, n, "threshold");
        CheckLength(DefaultLeft.Length, n, "defaultLeft");
        CheckLength(LeftCategories.Length, n, "leftCategories");
        CheckLength(Value.Length, n, "value");
        CheckLength(Cover.Length, n, "cover");
        var parents = new int[n];
        for (var i = 0; i < n; i++)
        {
            var leaf = Left[i] < 0;
            if (leaf != (Right[i] < 0) || leaf != (Feature[i] < 0))
                throw new InvalidModelException($"Node {i}: a leaf must have left, right and feature all -1 and an internal node none of them; found left={Left[i]}, right={Right[i]}, feature={Feature[i]}.");
            if (leaf) continue;
            foreach (var child in (ReadOnlySpan<int>)[Left[i], Right[i]])
            {
                // Children after their parent keeps Depth() and TreeSHAP's single forward passes valid.
                if (child <= i || child >= n)
                    throw new InvalidModelException($"Node {i}: child {child} must lie after its parent and within the {n} nodes.");
                if (++parents[child] > 1)
                    throw new InvalidModelException($"Node {child} has two parents; a tree's nodes each have one.");
            }
            if (LeftCategories[i].Length == 0 && double.IsNaN(Threshold[i]))
                throw new InvalidModelException($"Node {i}: a numeric split needs a threshold; found NaN and no categories.");
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new InvalidModelException($"Array '{name}' has {actual} entries; 'left' has {expected}. Every node array must have one entry per node.");
    }
}
