using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>
/// A tree ensemble's nodes in flat arrays for fast repeated prediction (permutation importance predicts the
/// data once per feature and repeat). Routing is <see cref="RegressionTree.Next"/>'s exactly and leaf values are
/// the same doubles, so each tree's output is bit-identical to <see cref="RegressionTree.Predict"/>.
/// </summary>
internal sealed class FlatEnsemble
{
    private readonly int[] _root;       // tree → global index of its root
    private readonly int[] _left;       // global child indices; -1 at leaves
    private readonly int[] _right;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly bool[] _defaultLeft;
    private readonly int[] _categoryOffset; // -1 for numeric splits
    private readonly int[] _categoryWords;
    private readonly ulong[] _categoryBits;
    private readonly double[] _value;

    public FlatEnsemble(TreeEnsembleModel model)
    {
        var total = model.Trees.Sum(t => t.NodeCount);
        _root = new int[model.Trees.Length];
        _left = new int[total];
        _right = new int[total];
        _feature = new int[total];
        _threshold = new double[total];
        _defaultLeft = new bool[total];
        _categoryOffset = new int[total];
        _categoryWords = new int[total];
        _value = new double[total];
        var bits = new List<ulong>();
        var offset = 0;
        for (var t = 0; t < model.Trees.Length; t++)
        {
            var tree = model.Trees[t];
            _root[t] = offset;
            for (var n = 0; n < tree.NodeCount; n++)
            {
                var g = offset + n;
                _value[g] = tree.Value[n];
                _categoryOffset[g] = -1;
                if (tree.IsLeaf(n)) { _left[g] = _right[g] = _feature[g] = -1; continue; }
                _left[g] = offset + tree.Left[n];
                _right[g] = offset + tree.Right[n];
                _feature[g] = tree.Feature[n];
                _threshold[g] = tree.Threshold[n];
                _defaultLeft[g] = tree.DefaultLeft[n];
                if (tree.IsCategoricalSplit(n))
                {
                    var categories = tree.LeftCategories[n];
                    var words = Math.Max(0, categories[^1]) / 64 + 1;
                    _categoryOffset[g] = bits.Count;
                    _categoryWords[g] = words;
                    var set = new ulong[words];
                    foreach (var c in categories) if (c >= 0) set[c / 64] |= 1UL << (c % 64);
                    bits.AddRange(set);
                }
            }
            offset += tree.NodeCount;
        }
        _categoryBits = [.. bits];
    }

    public double PredictTree(int tree, ReadOnlySpan<double> row)
    {
        var n = _root[tree];
        while (_left[n] >= 0)
        {
            var x = row[_feature[n]];
            bool left;
            if (double.IsNaN(x)) left = _defaultLeft[n];
            else if (_categoryOffset[n] < 0) left = x < _threshold[n];
            else
            {
                // Next's rule: an integral category listed in the set goes left, anything else right.
                left = false;
                if (x == Math.Floor(x) && x >= 0 && x <= int.MaxValue)
                {
                    var c = (long)x;
                    left = c / 64 < _categoryWords[n] && (_categoryBits[_categoryOffset[n] + c / 64] & (1UL << (int)(c % 64))) != 0;
                }
            }
            n = left ? _left[n] : _right[n];
        }
        return _value[n];
    }
}
