using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// Re-initialisation of one regression tree for the model-randomization sanity check: the tree's shape (which node
/// is whose child) is kept, as Adebayo et al. keep a network's architecture, and every parameter the trainer fitted
/// to the labels is re-drawn — the split feature, the threshold (or left category set), the missing-value direction
/// and the leaf value.
/// </summary>
/// <remarks>
/// Why the splits too, and not only the leaf values: a tree's split features and thresholds are learned from the
/// labels exactly as its leaf values are. Re-drawing only the leaves keeps the learned structure, and a model's
/// dependence on a feature is set by how often and how near the root it is split on: with independent N(0, s²)
/// leaves, a feature's TreeSHAP value in a tree is a zero-mean sum of leaf values weighted by the structure, so its
/// expected |φ| is fixed by the structure alone. The leaf-redrawn model therefore still depends most on the features
/// the trainer chose, and an exact explainer must report that — the check then fails every faithful explainer
/// (mean |ρ| ≈ 0.6 on the FastTree studies). With splits re-drawn, nothing learned is left but the shape.
/// Splits are drawn from the reference rows that reach the node (as Extremely Randomized Trees with one candidate,
/// Geurts et al. 2006): a feature chosen uniformly among those not constant there, and a cut just above a randomly
/// chosen row's value (a categorical feature: each category present goes left with probability ½). Covers are the
/// reference rows reaching each node plus one pseudo-row per leaf, so every reachable node keeps the positive cover
/// TreeSHAP needs. Leaf values: N(0, scale²).
/// </remarks>
internal static class TreeRedraw
{
    public static RegressionTree Redraw(RegressionTree tree, Frame reference, int seed, int index, double scale)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(reference);
        var random = SeededRandom.Derive(seed, 1, index);
        var n = tree.NodeCount;
        var feature = new int[n];
        var threshold = new double[n];
        var defaultLeft = new bool[n];
        var categories = new int[n][];
        var value = new double[n];
        var cover = new double[n];
        var rows = new int[n][];
        rows[0] = [.. Enumerable.Range(0, reference.RowCount)];
        // Children lie after their parents (checked by RegressionTree), so one pass in index order visits parents first.
        for (var node = 0; node < n; node++)
        {
            var here = rows[node];
            categories[node] = [];
            if (tree.IsLeaf(node))
            {
                feature[node] = -1;
                threshold[node] = double.NaN;
                value[node] = scale * random.NextGaussian();
                cover[node] = here.Length + 1;
                continue;
            }
            Split(reference, here, ref random, out feature[node], out threshold[node], out categories[node]);
            defaultLeft[node] = random.NextDouble() < 0.5;
            var column = reference.Column(feature[node]);
            var left = new List<int>();
            var right = new List<int>();
            foreach (var r in here) (GoesLeft(column[r], threshold[node], categories[node], defaultLeft[node]) ? left : right).Add(r);
            rows[tree.Left[node]] = [.. left];
            rows[tree.Right[node]] = [.. right];
        }
        for (var node = n - 1; node >= 0; node--)
            if (!tree.IsLeaf(node)) cover[node] = cover[tree.Left[node]] + cover[tree.Right[node]];
        return new RegressionTree(tree.Left, tree.Right, feature, threshold, defaultLeft,
            categories.Select(c => (IEnumerable<int>)c), value, cover);
    }

    // Mirrors RegressionTree.Next: NaN takes the default side, listed categories go left, numbers below the cut go left.
    private static bool GoesLeft(double x, double threshold, int[] categories, bool defaultLeft) =>
        double.IsNaN(x) ? defaultLeft : categories.Length > 0 ? Array.IndexOf(categories, (int)x) >= 0 && x == Math.Floor(x) : x < threshold;

    private static void Split(Frame reference, int[] rows, ref SeededRandom random, out int feature, out double threshold, out int[] left)
    {
        var order = Enumerable.Range(0, reference.ColumnCount).ToArray();
        random.Shuffle(order.AsSpan());
        foreach (var f in order)
        {
            var column = reference.Column(f);
            var values = new List<double>();
            foreach (var r in rows) if (!double.IsNaN(column[r])) values.Add(column[r]);
            var distinct = values.Distinct().Order().ToArray();
            if (distinct.Length < 2) continue;
            feature = f;
            if (reference.Schema[f].IsCategorical)
            {
                threshold = double.NaN;
                var goLeft = new List<double>();
                foreach (var c in distinct) if (random.NextDouble() < 0.5) goLeft.Add(c);
                // Both sides must keep a category present here, or the split would not split.
                if (goLeft.Count == 0) goLeft.Add(distinct[random.NextInt(distinct.Length)]);
                else if (goLeft.Count == distinct.Length) goLeft.RemoveAt(random.NextInt(goLeft.Count));
                left = [.. goLeft.Select(c => (int)c)];
                return;
            }
            // A cut just above a value drawn from the rows (below it when it is the largest), so rows split by the data's distribution.
            var v = values[random.NextInt(values.Count)];
            var at = Array.BinarySearch(distinct, v);
            threshold = at + 1 < distinct.Length ? (v + distinct[at + 1]) / 2 : (distinct[at - 1] + v) / 2;
            left = [];
            return;
        }
        // No feature varies among these rows (at most one distinct row reaches the node): any split sends them one way.
        feature = order[0];
        if (reference.Schema[feature].IsCategorical)
        {
            threshold = double.NaN;
            left = [0];
        }
        else
        {
            threshold = 0;
            left = [];
        }
    }
}
