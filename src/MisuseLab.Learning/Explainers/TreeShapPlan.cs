using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// A tree ensemble compiled for fast exact path-dependent TreeSHAP (in the spirit of FastTreeSHAP v2,
/// Yang 2022). The path-dependent value function is a sum over leaves; leaf l with value v, unique path
/// features U (d of them), cover fractions z_k (product of child/parent cover over the path's edges on k) and
/// "the row satisfies every condition on k" bits o_k contributes the game v·Π_{k∈S} o_k·Π_{k∈U\S} z_k, whose
/// Shapley value for j ∈ U is v·(o_j − z_j)·Σ_s W(s,d)·[t^s] Π_{k∈U\{j}} (z_k + o_k·t), W(s,d) = s!(d−1−s)!/d!.
/// The o-bits form a pattern m ∈ 2^d, so for small d the d values are tabulated per pattern once per model; a
/// row then costs one comparison per internal node, one bit test per path edge and d additions per leaf.
/// Leaves with more than <see cref="MaxTabulatedFeatures"/> path features evaluate the same formula per row.
/// </summary>
internal sealed class TreeShapPlan
{
    /// <summary>Tables cost d·2^d doubles per leaf (11: 176 KiB); deep leaf-wise trees on Adult reach d = 9–11, where the per-row O(d³) fallback is much slower.</summary>
    public const int MaxTabulatedFeatures = 11;

    /// <summary>All tables together stay under 256 MiB; leaves past the budget are evaluated per row (same formula).</summary>
    public const int MaxTableDoubles = 32 << 20;

    // Internal nodes of every tree, flattened.
    private readonly int[] _splitFeature;
    private readonly double[] _threshold;
    private readonly bool[] _defaultLeft;
    private readonly int[] _categoryOffset; // into _categoryBits, -1 for a numeric split
    private readonly int[] _categoryWords;
    private readonly ulong[] _categoryBits;

    // Leaves of every tree, flattened; a leaf's path edges, features and table live in shared arrays.
    private readonly int[] _edgeStart;      // leaf → first edge; edges of leaf l are [_edgeStart[l], _edgeStart[l+1])
    private readonly int[] _edgeCode;       // (parent's index within its tree) << 6 | (feature's bit in the leaf pattern) << 1 | goes-left
    private readonly int[] _featureStart;   // leaf → first unique feature; d = _featureStart[l+1] - _featureStart[l]
    private readonly int[] _leafFeature;    // global feature index of each unique path feature
    private readonly double[] _leafZero;    // z_k of each unique path feature
    private readonly double[] _leafValue;
    private readonly int[] _tableOffset;    // -1 when the leaf is evaluated per row
    private readonly double[] _table;
    private readonly double[][] _weights;   // _weights[d][s] = W(s, d)
    private readonly int[] _treeNodeStart;  // tree → first internal node; one extra entry at the end
    private readonly int[] _treeLeafStart;  // tree → first leaf; one extra entry at the end

    public TreeShapPlan(TreeEnsembleModel model)
    {
        FeatureCount = model.Schema.Count;
        var splitFeature = new List<int>();
        var threshold = new List<double>();
        var defaultLeft = new List<bool>();
        var categoryOffset = new List<int>();
        var categoryWords = new List<int>();
        var categoryBits = new List<ulong>();
        var edgeStart = new List<int>();
        var edgeNode = new List<int>();
        var edgeLeft = new List<bool>();
        var edgeBit = new List<int>();
        var featureStart = new List<int>();
        var leafFeature = new List<int>();
        var leafZero = new List<double>();
        var leafValue = new List<double>();
        var tableOffset = new List<int>();
        var tableSize = 0L;
        var pending = new List<(int Offset, double[] Zero, double Value)>(); // tables filled in parallel after the walk
        var expected = model.BaseScore;
        var maxD = 0;
        var treeNodeStart = new int[model.Trees.Length + 1];
        var treeLeafStart = new int[model.Trees.Length + 1];

        for (var t = 0; t < model.Trees.Length; t++)
        {
            var tree = model.Trees[t];
            TreeShap.CheckCovers(tree, t);
            treeNodeStart[t] = splitFeature.Count;
            treeLeafStart[t] = leafValue.Count;
            var internalIndex = new int[tree.NodeCount];
            for (var n = 0; n < tree.NodeCount; n++)
            {
                if (tree.IsLeaf(n)) { internalIndex[n] = -1; continue; }
                internalIndex[n] = splitFeature.Count - treeNodeStart[t]; // index within the tree
                splitFeature.Add(tree.Feature[n]);
                threshold.Add(tree.Threshold[n]);
                defaultLeft.Add(tree.DefaultLeft[n]);
                if (tree.IsCategoricalSplit(n))
                {
                    var categories = tree.LeftCategories[n];
                    var words = categories[^1] / 64 + 1;
                    categoryOffset.Add(categoryBits.Count);
                    categoryWords.Add(words);
                    var bits = new ulong[words];
                    foreach (var c in categories) if (c >= 0) bits[c / 64] |= 1UL << (c % 64);
                    categoryBits.AddRange(bits);
                }
                else
                {
                    categoryOffset.Add(-1);
                    categoryWords.Add(0);
                }
            }

            // Depth-first walk from the root keeps the current root-to-node path; unreachable nodes are skipped.
            var pathNodes = new List<(int Node, bool Left)>();
            void Visit(int node, double probability)
            {
                if (tree.IsLeaf(node))
                {
                    AddLeaf(tree, node, pathNodes, internalIndex);
                    expected += tree.Value[node] * probability;
                    return;
                }
                pathNodes.Add((node, true));
                Visit(tree.Left[node], probability * tree.Cover[tree.Left[node]] / tree.Cover[node]);
                pathNodes[^1] = (node, false);
                Visit(tree.Right[node], probability * tree.Cover[tree.Right[node]] / tree.Cover[node]);
                pathNodes.RemoveAt(pathNodes.Count - 1);
            }
            Visit(0, 1.0);
        }
        edgeStart.Add(edgeNode.Count);
        featureStart.Add(leafFeature.Count);
        treeNodeStart[^1] = splitFeature.Count;
        treeLeafStart[^1] = leafValue.Count;
        _treeNodeStart = treeNodeStart;
        _treeLeafStart = treeLeafStart;

        _splitFeature = [.. splitFeature];
        _threshold = [.. threshold];
        _defaultLeft = [.. defaultLeft];
        _categoryOffset = [.. categoryOffset];
        _categoryWords = [.. categoryWords];
        _categoryBits = [.. categoryBits];
        _edgeStart = [.. edgeStart];
        _edgeCode = [.. edgeNode.Select((node, e) => node << 6 | edgeBit[e] << 1 | (edgeLeft[e] ? 1 : 0))];
        _featureStart = [.. featureStart];
        _leafFeature = [.. leafFeature];
        _leafZero = [.. leafZero];
        _leafValue = [.. leafValue];
        _tableOffset = [.. tableOffset];
        _table = new double[tableSize];
        FillTables(_table, pending);
        ExpectedValue = expected;
        LeafCount = _leafValue.Length;
        MaxPathFeatures = maxD;
        _weights = new double[maxD + 1][];
        for (var d = 0; d <= maxD; d++) _weights[d] = ShapleyWeights(d);
        return;

        void AddLeaf(RegressionTree tree, int leaf, List<(int Node, bool Left)> path, int[] internalIndex)
        {
            edgeStart.Add(edgeNode.Count);
            featureStart.Add(leafFeature.Count);
            var first = leafFeature.Count;
            foreach (var (node, left) in path)
            {
                var feature = tree.Feature[node];
                var child = left ? tree.Left[node] : tree.Right[node];
                var ratio = tree.Cover[child] / tree.Cover[node];
                var bit = leafFeature.IndexOf(feature, first) - first;
                if (bit < 0)
                {
                    bit = leafFeature.Count - first;
                    leafFeature.Add(feature);
                    leafZero.Add(ratio);
                }
                else
                {
                    leafZero[first + bit] *= ratio;
                }
                edgeNode.Add(internalIndex[node]);
                edgeLeft.Add(left);
                edgeBit.Add(bit);
            }
            var d = leafFeature.Count - first;
            if (d > 30)
                throw new InvalidModelException($"A leaf's path splits on {d} distinct features; the fast TreeSHAP keeps them in a 32-bit pattern (at most 30). Explain with Algorithm = Reference.");
            maxD = Math.Max(maxD, d);
            leafValue.Add(tree.Value[leaf]);
            if (d > MaxTabulatedFeatures || tableSize + ((long)d << d) > MaxTableDoubles)
            {
                tableOffset.Add(-1);
                return;
            }
            tableOffset.Add((int)tableSize);
            pending.Add(((int)tableSize, leafZero.GetRange(first, d).ToArray(), tree.Value[leaf]));
            tableSize += (long)d << d;
        }
    }

    /// <summary>Fills each pending leaf's table: for every pattern m, its d Shapley values at [offset + m·d, …).</summary>
    private static void FillTables(double[] table, List<(int Offset, double[] Zero, double Value)> pending)
    {
        Parallel.For(0, pending.Count, k =>
        {
            var (offset, zero, value) = pending[k];
            var d = zero.Length;
            var weights = ShapleyWeights(d);
            var scratch = new double[d + 1];
            for (var pattern = 0; pattern < 1 << d; pattern++)
                LeafShapley(zero, pattern, value, weights, scratch, table.AsSpan(offset + pattern * d, d));
        });
    }

    public int FeatureCount { get; }
    public int LeafCount { get; }
    public int MaxPathFeatures { get; }
    public int InternalNodeCount => _splitFeature.Length;

    /// <summary>E[f] under the path-dependent value function: base score + Σ leaf value · cover fraction.</summary>
    public double ExpectedValue { get; }

    /// <summary>Scratch a thread needs for <see cref="Explain"/>.</summary>
    public Scratch CreateScratch() => new(MaxInternalNodesPerTree, MaxPathFeatures);

    private int MaxInternalNodesPerTree => Enumerable.Range(0, _treeNodeStart.Length - 1).Select(t => _treeNodeStart[t + 1] - _treeNodeStart[t]).DefaultIfEmpty(0).Max();

    /// <summary>Rows per block of <see cref="ExplainBlock"/>: small enough that φ and the rows stay in L1/L2.</summary>
    public const int BlockRows = 128;

    /// <summary>
    /// Writes the SHAP values of <paramref name="count"/> rows (row-major in <paramref name="rows"/>) into
    /// <paramref name="phi"/> (row-major, overwritten). Trees are the outer loop so one tree's tables stay in
    /// cache while the block's rows pass through it; a row still accumulates trees and leaves in model order.
    /// </summary>
    public void ExplainBlock(ReadOnlySpan<double> rows, int count, Span<double> phi, Scratch scratch)
    {
        var width = FeatureCount;
        phi[..(count * width)].Clear();
        var goesLeft = scratch.GoesLeft;
        ref var edgeCode = ref MemoryMarshal.GetArrayDataReference(_edgeCode);
        ref var edgeStart = ref MemoryMarshal.GetArrayDataReference(_edgeStart);
        ref var featureStart = ref MemoryMarshal.GetArrayDataReference(_featureStart);
        ref var leafFeature = ref MemoryMarshal.GetArrayDataReference(_leafFeature);
        ref var table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref var tableOffset = ref MemoryMarshal.GetArrayDataReference(_tableOffset);
        ref var left0 = ref MemoryMarshal.GetArrayDataReference(goesLeft);
        for (var t = 0; t + 1 < _treeNodeStart.Length; t++)
        {
            int nodeStart = _treeNodeStart[t], nodeEnd = _treeNodeStart[t + 1];
            int leafStart = _treeLeafStart[t], leafEnd = _treeLeafStart[t + 1];
            for (var r = 0; r < count; r++)
            {
                var row = rows.Slice(r * width, width);
                for (var q = nodeStart; q < nodeEnd; q++)
                {
                    var x = row[_splitFeature[q]];
                    bool left;
                    if (double.IsNaN(x)) left = _defaultLeft[q];
                    else if (_categoryOffset[q] < 0) left = x < _threshold[q];
                    else left = InCategorySet(q, x);
                    goesLeft[q - nodeStart] = left ? 1 : 0;
                }
                ref var rowPhi = ref MemoryMarshal.GetReference(phi.Slice(r * width, width));
                for (var l = leafStart; l < leafEnd; l++)
                {
                    var fs = Unsafe.Add(ref featureStart, l);
                    var d = Unsafe.Add(ref featureStart, l + 1) - fs;
                    var pattern = (1 << d) - 1;
                    var eEnd = Unsafe.Add(ref edgeStart, l + 1);
                    for (var e = Unsafe.Add(ref edgeStart, l); e < eEnd; e++)
                    {
                        // code = local node << 6 | bit << 1 | goes-left; clear the bit when the row takes the other child.
                        var code = Unsafe.Add(ref edgeCode, e);
                        pattern &= ~((Unsafe.Add(ref left0, code >> 6) ^ (code & 1)) << ((code >> 1) & 31));
                    }
                    var offset = Unsafe.Add(ref tableOffset, l);
                    if (offset >= 0)
                    {
                        ref var values = ref Unsafe.Add(ref table, offset + pattern * d);
                        for (var j = 0; j < d; j++)
                            Unsafe.Add(ref rowPhi, Unsafe.Add(ref leafFeature, fs + j)) += Unsafe.Add(ref values, j);
                    }
                    else
                    {
                        var computed = scratch.LeafValues.AsSpan(0, d);
                        LeafShapley(_leafZero.AsSpan(fs, d), pattern, _leafValue[l], _weights[d], scratch.Polynomial, computed);
                        for (var j = 0; j < d; j++) Unsafe.Add(ref rowPhi, Unsafe.Add(ref leafFeature, fs + j)) += computed[j];
                    }
                }
            }
        }
    }

    private bool InCategorySet(int q, double x)
    {
        if (x != Math.Floor(x) || x < 0) return false;
        var c = (long)x;
        var word = c / 64;
        return word < _categoryWords[q] && (_categoryBits[_categoryOffset[q] + word] & (1UL << (int)(c % 64))) != 0;
    }

    /// <summary>W(s, d) = s!(d−1−s)!/d! = 1/(d·C(d−1, s)) for s = 0..d−1.</summary>
    internal static double[] ShapleyWeights(int d)
    {
        var w = new double[Math.Max(d, 1)];
        double binomial = 1; // C(d−1, s)
        for (var s = 0; s < d; s++)
        {
            w[s] = 1.0 / (d * binomial);
            binomial = binomial * (d - 1 - s) / (s + 1);
        }
        return w;
    }

    /// <summary>
    /// Shapley values of one leaf's game for the o-bit <paramref name="pattern"/>: for each j, expands
    /// Π_{k≠j}(z_k + o_k·t) as a polynomial and weights its coefficients by W(s, d). O(d³), no divisions,
    /// so zero cover fractions are harmless.
    /// </summary>
    internal static void LeafShapley(ReadOnlySpan<double> zero, int pattern, double value, double[] weights, Span<double> polynomial, Span<double> output)
    {
        var d = zero.Length;
        var p = polynomial[..(d + 1)];
        for (var j = 0; j < d; j++)
        {
            p.Clear();
            p[0] = 1;
            var degree = 0;
            for (var k = 0; k < d; k++)
            {
                if (k == j) continue;
                var z = zero[k];
                if ((pattern >> k & 1) != 0)
                {
                    // multiply by (z + t)
                    p[degree + 1] = p[degree];
                    for (var s = degree; s > 0; s--) p[s] = p[s] * z + p[s - 1];
                    p[0] *= z;
                    degree++;
                }
                else
                {
                    for (var s = 0; s <= degree; s++) p[s] *= z;
                }
            }
            var sum = 0.0;
            for (var s = 0; s <= degree; s++) sum += weights[s] * p[s];
            var o = (pattern >> j & 1) != 0 ? 1.0 : 0.0;
            output[j] = value * (o - zero[j]) * sum;
        }
    }

    internal sealed class Scratch(int internalNodes, int maxPathFeatures)
    {
        public int[] GoesLeft { get; } = new int[internalNodes];
        public double[] Polynomial { get; } = new double[maxPathFeatures + 1];
        public double[] LeafValues { get; } = new double[Math.Max(maxPathFeatures, 1)];
    }
}
