using System.Runtime.CompilerServices;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Boosting;

/// <summary>
/// Grows one regression tree best-first (leaf-wise): the leaf whose best split gains most is split next,
/// until the tree has the requested number of leaves or no split gains. Each leaf owns a contiguous segment
/// of the row-index array (partitioned in place, stably, on every split) and one pooled histogram; of two new
/// children only the smaller is built from rows, the larger is its parent's histogram minus the smaller.
/// Buffers live as long as the grower, so growing a tree allocates only the tree's own arrays.
/// </summary>
internal sealed class TreeGrower
{
    private readonly byte[][] _bins;
    private readonly FeatureBins[] _featureBins;
    private readonly HistogramBuilder _histograms;
    private readonly SplitFinder _finder;
    private readonly double _lambda;
    private readonly double _learningRate;
    private readonly int _maxLeaves;

    private readonly double[][] _histogramPool;
    private readonly Stack<int> _freeHistograms = new();
    private readonly int[] _scratch;
    private readonly byte[] _goesLeft = new byte[256];

    // Per-leaf state, indexed by leaf slot 0.._leafCount-1.
    private readonly int[] _leafStart, _leafCount, _leafNode, _leafHistogram;
    private readonly double[] _leafGradient, _leafHessian;
    private readonly SplitCandidate[] _leafSplit;
    private int _leafTotal;

    // Nodes of the tree being grown.
    private readonly List<int> _left = [], _right = [], _feature = [];
    private readonly List<double> _threshold = [], _value = [], _cover = [];
    private readonly List<bool> _defaultLeft = [];
    private readonly List<int[]> _leftCategories = [];

    public TreeGrower(byte[][] bins, FeatureBins[] featureBins, HistogramBuilder histograms, SplitFinder finder, GbdtOptions options, int rowCount)
    {
        _bins = bins;
        _featureBins = featureBins;
        _histograms = histograms;
        _finder = finder;
        _lambda = options.L2Regularization;
        _learningRate = options.LearningRate;
        _maxLeaves = options.NumberOfLeaves;
        // A live histogram per leaf; splitting reuses the parent's for the larger child and takes one more.
        _histogramPool = new double[_maxLeaves][];
        for (var i = 0; i < _histogramPool.Length; i++) _histogramPool[i] = new double[histograms.Length];
        _scratch = new int[rowCount];
        _leafStart = new int[_maxLeaves];
        _leafCount = new int[_maxLeaves];
        _leafNode = new int[_maxLeaves];
        _leafHistogram = new int[_maxLeaves];
        _leafGradient = new double[_maxLeaves];
        _leafHessian = new double[_maxLeaves];
        _leafSplit = new SplitCandidate[_maxLeaves];
    }

    /// <summary>Leaves of the last grown tree.</summary>
    public int LeafCount => _leafTotal;

    /// <summary>The rows (a segment of the array given to <see cref="Grow"/>) of leaf <paramref name="leaf"/> and its value.</summary>
    public (int Start, int Count, double Value) Leaf(int leaf) => (_leafStart[leaf], _leafCount[leaf], _value[_leafNode[leaf]]);

    /// <summary>Grows a tree on <c>rows[0..count)</c>; <paramref name="rows"/> is reordered so each leaf's rows are contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RegressionTree Grow(int[] rows, int count, double[] gradHess, bool[] active)
    {
        ClearNodes();
        _freeHistograms.Clear();
        for (var i = _histogramPool.Length - 1; i >= 0; i--) _freeHistograms.Push(i);
        double g = 0, h = 0;
        for (var i = 0; i < count; i++)
        {
            var r = rows[i];
            g += gradHess[2 * r];
            h += gradHess[2 * r + 1];
        }
        _leafTotal = 1;
        AddLeafNode(g, h);
        var rootHistogram = _freeHistograms.Pop();
        SetLeaf(0, start: 0, count, node: 0, rootHistogram, g, h);
        // Unsampled, the root's rows are 0..count-1 in order: build without the index indirection.
        _histograms.Build(count == _scratch.Length ? null : rows, 0, count, gradHess, _histogramPool[rootHistogram], active);
        _leafSplit[0] = _finder.FindBest(_histogramPool[rootHistogram], g, h, count, active);

        while (_leafTotal < _maxLeaves)
        {
            var chosen = -1;
            var bestGain = double.NegativeInfinity;
            for (var l = 0; l < _leafTotal; l++)
            {
                if (_leafSplit[l].IsValid && _leafSplit[l].Gain > bestGain)
                {
                    bestGain = _leafSplit[l].Gain;
                    chosen = l;
                }
            }
            if (chosen < 0) break;
            Split(chosen, rows, gradHess, active);
        }
        return BuildTree();
    }

    private void Split(int leaf, int[] rows, double[] gradHess, bool[] active)
    {
        var split = _leafSplit[leaf];
        var start = _leafStart[leaf];
        var count = _leafCount[leaf];
        var leftCount = Partition(rows, start, count, split);
        if (leftCount != split.LeftCount)
            throw new InvalidOperationException($"Internal error: split on feature {split.Feature} sent {leftCount} rows left but its histogram counted {split.LeftCount}.");

        var parentNode = _leafNode[leaf];
        var leftNode = _left.Count;
        var rightNode = leftNode + 1;
        MakeInternal(parentNode, split, leftNode, rightNode);
        AddLeafNode(split.LeftGradient, split.LeftHessian);
        AddLeafNode(split.RightGradient, split.RightHessian);

        var rightLeaf = _leafTotal++;
        var parentHistogram = _leafHistogram[leaf];
        var freshHistogram = _freeHistograms.Pop();
        var leftIsSmaller = split.LeftCount <= split.RightCount;
        SetLeaf(leaf, start, split.LeftCount, leftNode, leftIsSmaller ? freshHistogram : parentHistogram, split.LeftGradient, split.LeftHessian);
        SetLeaf(rightLeaf, start + split.LeftCount, split.RightCount, rightNode, leftIsSmaller ? parentHistogram : freshHistogram, split.RightGradient, split.RightHessian);

        if (_leafTotal == _maxLeaves)
        {
            // The tree is complete: the new leaves will not be split, so their histograms are not needed.
            _leafSplit[leaf] = _leafSplit[rightLeaf] = SplitCandidate.None;
            return;
        }
        var small = leftIsSmaller ? leaf : rightLeaf;
        var large = leftIsSmaller ? rightLeaf : leaf;
        _histograms.Build(rows, _leafStart[small], _leafCount[small], gradHess, _histogramPool[freshHistogram], active);
        _histograms.SubtractInPlace(_histogramPool[parentHistogram], _histogramPool[freshHistogram], active);

        foreach (var l in (ReadOnlySpan<int>)[small, large])
        {
            _leafSplit[l] = _finder.FindBest(_histogramPool[_leafHistogram[l]], _leafGradient[l], _leafHessian[l], _leafCount[l], active);
        }
    }

    /// <summary>Stable in-place partition of a leaf's rows: those going left first, in their original order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Partition(int[] rows, int start, int count, in SplitCandidate split)
    {
        var goesLeft = _goesLeft;
        Array.Clear(goesLeft);
        goesLeft[FeatureBins.MissingBin] = split.DefaultLeft ? (byte)1 : (byte)0;
        if (split.LeftBins is { } leftBins)
            foreach (var b in leftBins) goesLeft[b] = 1;
        else
            for (var b = 1; b <= split.ThresholdBin; b++) goesLeft[b] = 1;

        var column = _bins[split.Feature];
        int l = start, r = 0;
        var end = start + count;
        var scratch = _scratch;
        // Branch-free: each row is written to both places and only the matching cursor advances, since
        // the direction of consecutive rows is unpredictable.
        for (var i = start; i < end; i++)
        {
            var row = rows[i];
            int left = goesLeft[column[row]];
            rows[l] = row;
            scratch[r] = row;
            l += left;
            r += 1 - left;
        }
        Array.Copy(_scratch, 0, rows, l, r);
        return l - start;
    }

    private void SetLeaf(int leaf, int start, int count, int node, int histogram, double g, double h)
    {
        _leafStart[leaf] = start;
        _leafCount[leaf] = count;
        _leafNode[leaf] = node;
        _leafHistogram[leaf] = histogram;
        _leafGradient[leaf] = g;
        _leafHessian[leaf] = h;
    }

    private void AddLeafNode(double g, double h)
    {
        _left.Add(-1);
        _right.Add(-1);
        _feature.Add(-1);
        _threshold.Add(double.NaN);
        _defaultLeft.Add(false);
        _leftCategories.Add([]);
        _value.Add(-g / (h + _lambda) * _learningRate);
        _cover.Add(h);
    }

    private void MakeInternal(int node, in SplitCandidate split, int left, int right)
    {
        _left[node] = left;
        _right[node] = right;
        _feature[node] = split.Feature;
        _defaultLeft[node] = split.DefaultLeft;
        _value[node] = 0;
        if (split.LeftBins is { } leftBins)
        {
            var categories = new int[leftBins.Length];
            for (var i = 0; i < categories.Length; i++) categories[i] = leftBins[i] - 1;
            _leftCategories[node] = categories;
        }
        else
        {
            // "Bins ≤ b go left" is exactly "x < Cuts[b-1]" (see FeatureBins), so prediction needs no bins.
            _threshold[node] = _featureBins[split.Feature].Cuts[split.ThresholdBin - 1];
        }
    }

    private RegressionTree BuildTree() =>
        new(_left, _right, _feature, _threshold, _defaultLeft, _leftCategories, _value, _cover);

    private void ClearNodes()
    {
        _left.Clear();
        _right.Clear();
        _feature.Clear();
        _threshold.Clear();
        _defaultLeft.Clear();
        _leftCategories.Clear();
        _value.Clear();
        _cover.Clear();
    }
}
