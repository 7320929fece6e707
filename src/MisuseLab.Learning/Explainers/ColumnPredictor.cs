using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>Predicts a frame with one column replaced; the ensemble version reuses every tree the column does not reach.</summary>
internal abstract class ColumnPredictor
{
    public abstract double[] Baseline { get; }

    /// <summary>Margins of the frame with column <paramref name="feature"/> replaced by <paramref name="column"/>.</summary>
    public abstract void PredictWithColumn(int feature, double[] column, double[] margins);

    /// <summary>Above this many cached tree outputs (8 bytes each) the generic path is used instead.</summary>
    internal const long MaxCachedOutputs = 64L << 20;

    public static ColumnPredictor For(IBinaryClassifier model, Frame frame) =>
        model is TreeEnsembleModel ensemble && (long)ensemble.Trees.Length * frame.RowCount <= MaxCachedOutputs
            ? new EnsembleColumnPredictor(ensemble, frame)
            : new GenericColumnPredictor(model, frame);

    private sealed class GenericColumnPredictor(IBinaryClassifier model, Frame frame) : ColumnPredictor
    {
        public override double[] Baseline { get; } = model.PredictRaw(frame);

        public override void PredictWithColumn(int feature, double[] column, double[] margins) =>
            model.PredictRaw(frame.WithColumn(feature, column)).CopyTo(margins, 0);
    }

    private sealed class EnsembleColumnPredictor : ColumnPredictor
    {
        private readonly TreeEnsembleModel _model;
        private readonly FlatEnsemble _flat;
        private readonly Frame _frame;
        private readonly double[] _treeOutputs; // [row * trees + tree]
        private readonly int[][] _treesUsing;   // feature → trees with a reachable split on it

        public EnsembleColumnPredictor(TreeEnsembleModel model, Frame frame)
        {
            _model = model;
            _flat = new FlatEnsemble(model);
            _frame = frame;
            var trees = model.Trees.Length;
            _treeOutputs = new double[(long)frame.RowCount * trees];
            var baseline = new double[frame.RowCount];
            Parallel.For(0, frame.RowCount, () => new double[frame.ColumnCount], (i, _, row) =>
            {
                frame.CopyRow(i, row);
                var sum = model.BaseScore;
                for (var t = 0; t < trees; t++)
                {
                    var v = _flat.PredictTree(t, row);
                    _treeOutputs[(long)i * trees + t] = v;
                    sum += v;
                }
                baseline[i] = sum;
                return row;
            }, _ => { });
            Baseline = baseline;
            _treesUsing = new int[frame.ColumnCount][];
            for (var f = 0; f < frame.ColumnCount; f++)
            {
                var list = new List<int>();
                for (var t = 0; t < trees; t++) if (Uses(model.Trees[t], f)) list.Add(t);
                _treesUsing[f] = [.. list];
            }
        }

        public override double[] Baseline { get; }

        public override void PredictWithColumn(int feature, double[] column, double[] margins)
        {
            var using_ = _treesUsing[feature];
            if (using_.Length == 0)
            {
                Baseline.CopyTo(margins, 0);
                return;
            }
            var trees = _model.Trees.Length;
            var row = new double[_frame.ColumnCount];
            var fresh = new double[trees];
            var isFresh = new bool[trees];
            foreach (var t in using_) isFresh[t] = true;
            for (var i = 0; i < margins.Length; i++)
            {
                _frame.CopyRow(i, row);
                row[feature] = column[i];
                foreach (var t in using_) fresh[t] = _flat.PredictTree(t, row);
                // Same order of additions as TreeEnsembleModel.PredictRaw, so the margin is bit-identical.
                var sum = _model.BaseScore;
                var offset = (long)i * trees;
                for (var t = 0; t < trees; t++) sum += isFresh[t] ? fresh[t] : _treeOutputs[offset + t];
                margins[i] = sum;
            }
        }

        private static bool Uses(RegressionTree tree, int feature)
        {
            var stack = new Stack<int>();
            stack.Push(0);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                if (tree.IsLeaf(n)) continue;
                if (tree.Feature[n] == feature) return true;
                stack.Push(tree.Left[n]);
                stack.Push(tree.Right[n]);
            }
            return false;
        }
    }
}
