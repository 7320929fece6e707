using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;
using MlTree = Microsoft.ML.Trainers.FastTree.RegressionTreeBase;

namespace MisuseLab.Learning.MlNet;

/// <summary>
/// Reads an ML.NET tree ensemble (<c>TrainedTreeEnsemble</c>) into our <see cref="TreeEnsembleModel"/> over the
/// features vector's slots, so our exact TreeSHAP runs on it. ML.NET's score is the plain sum of the trees'
/// leaf values (its <c>GetOutput</c> ignores the ensemble's Bias and TreeWeights), so output = Offset + Scale·Σ leaves.
/// </summary>
/// <remarks>
/// Routing is ML.NET's exactly (its <c>GetLeaf</c>), computed in single precision on the slot values:
/// <list type="bullet">
/// <item>A numeric split sends x to <c>LeftChild</c> when x ≤ threshold. Our trees send x left when x &lt; t, so t is
/// the next float above the threshold: for a float x, x ≤ thr ⟺ x &lt; BitIncrement(thr). NaN compares false and
/// goes right (ML.NET's trained FastTree keeps no default value for missing; our pipeline never feeds NaN).</item>
/// <item>A categorical split over slots S sends a row right when any slot in S is &gt; 0. It becomes a chain of
/// numeric splits, one per slot of S ("s ≤ 0" continues the chain, "s &gt; 0" goes to a copy of the right subtree),
/// ending in the left subtree: the same function, with single-feature splits that TreeSHAP can use.</item>
/// </list>
/// Covers, which ML.NET does not keep, are the number of background rows reaching each node. A tree in which some
/// node receives no row gets one more imaginary row that splits evenly at every node (each node's cover + 2^−depth),
/// so every cover is positive and every parent's cover is still the sum of its children's.
/// </remarks>
public static class MlNetTreeImporter
{
    /// <summary>Nodes a converted tree may have; categorical chains copy subtrees, so a pathological model could blow up.</summary>
    public const int MaxNodesPerTree = 1 << 20;

    public static TreeEnsembleModel Import(IReadOnlyList<MlTree> trees, Frame background, double scale = 1, double offset = 0)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(background);
        if (background.RowCount == 0)
            throw new DataFormatException("Node covers are recomputed by routing background rows through the trees; found no rows. Give at least one (the training rows are best).");
        if (!double.IsFinite(scale) || scale == 0 || !double.IsFinite(offset))
            throw new ArgumentException($"Expected a finite, non-zero scale and a finite offset; found scale {scale}, offset {offset}.");
        var converted = new RegressionTree[trees.Count];
        for (var t = 0; t < trees.Count; t++)
        {
            var shape = Convert(trees[t], t, background.ColumnCount, scale);
            converted[t] = WithCovers(shape, background);
        }
        return new TreeEnsembleModel(background.Schema, converted, offset);
    }

    private sealed class Builder
    {
        public readonly List<int> Left = [], Right = [], Feature = [];
        public readonly List<double> Threshold = [], Value = [];
        public readonly List<bool> DefaultLeft = [];

        public int Add()
        {
            Left.Add(-1); Right.Add(-1); Feature.Add(-1); Threshold.Add(double.NaN); Value.Add(0); DefaultLeft.Add(false);
            return Left.Count - 1;
        }

        public void Split(int node, int feature, double threshold, bool defaultLeft, int left, int right)
        {
            Feature[node] = feature; Threshold[node] = threshold; DefaultLeft[node] = defaultLeft; Left[node] = left; Right[node] = right;
        }

        public RegressionTree Build(IReadOnlyList<double> cover) =>
            new(Left, Right, Feature, Threshold, DefaultLeft, Left.Select(_ => Enumerable.Empty<int>()), Value, cover);
    }

    private static Builder Convert(MlTree tree, int index, int slots, double scale)
    {
        var b = new Builder();
        if (tree.NumberOfNodes == 0 || tree.NumberOfLeaves <= 1)
        {
            b.Value[b.Add()] = scale * tree.LeafValues[0];
            return b;
        }
        // ML.NET: a child ≥ 0 is an internal node, a child < 0 is leaf ~child. Emitting parents before children keeps our order rule.
        int Emit(int mlNode)
        {
            if (b.Left.Count > MaxNodesPerTree)
                throw new InvalidModelException($"Tree {index}: its categorical splits expand past {MaxNodesPerTree} nodes; TreeSHAP of this model is not supported.");
            if (mlNode >= 0 && tree.CategoricalSplitFlags[mlNode])
            {
                var set = tree.GetCategoricalSplitFeaturesAt(mlNode);
                return set.Count > 0 ? Chain(mlNode, set, 0) : throw new InvalidModelException($"Tree {index}, node {mlNode}: a categorical split lists no slots.");
            }
            var node = b.Add();
            if (mlNode < 0)
            {
                b.Value[node] = scale * tree.LeafValues[~mlNode];
                return node;
            }
            var feature = CheckSlot(tree.NumericalSplitFeatureIndexes[mlNode], slots, index, mlNode);
            var threshold = (double)MathF.BitIncrement(tree.NumericalSplitThresholds[mlNode]);
            var left = Emit(tree.LeftChild[mlNode]);
            var right = Emit(tree.RightChild[mlNode]);
            b.Split(node, feature, threshold, defaultLeft: false, left, right);
            return node;
        }

        // "slot > 0" goes to a copy of the right subtree; "slot ≤ 0" (and NaN, which compares false) continues.
        int Chain(int mlNode, IReadOnlyList<int> set, int k)
        {
            var node = b.Add();
            var feature = CheckSlot(set[k], slots, index, mlNode);
            var right = Emit(tree.RightChild[mlNode]);
            var left = k + 1 < set.Count ? Chain(mlNode, set, k + 1) : Emit(tree.LeftChild[mlNode]);
            b.Split(node, feature, MathF.BitIncrement(0f), defaultLeft: true, left, right);
            return node;
        }

        Emit(0);
        return b;
    }

    private static int CheckSlot(int slot, int slots, int tree, int node) =>
        slot >= 0 && slot < slots ? slot : throw new InvalidModelException($"Tree {tree}, node {node} splits on slot {slot}; the features vector has {slots} slots.");

    private static RegressionTree WithCovers(Builder b, Frame background)
    {
        var n = b.Left.Count;
        var counts = new double[n];
        var shape = b.Build(Enumerable.Repeat(1.0, n).ToArray());
        var row = new double[background.ColumnCount];
        for (var i = 0; i < background.RowCount; i++)
        {
            background.CopyRow(i, row);
            var node = 0;
            counts[0]++;
            while (!shape.IsLeaf(node))
            {
                node = shape.Next(node, row[shape.Feature[node]]);
                counts[node]++;
            }
        }
        if (counts.Any(c => c == 0))
        {
            var weight = new double[n];
            weight[0] = 1;
            for (var node = 0; node < n; node++)
            {
                counts[node] += weight[node];
                if (shape.IsLeaf(node)) continue;
                weight[shape.Left[node]] = weight[node] / 2;
                weight[shape.Right[node]] = weight[node] / 2;
            }
        }
        return b.Build(counts);
    }
}
