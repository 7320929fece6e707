using System.Runtime.CompilerServices;
namespace MisuseLab.Learning.Boosting;

/// <summary>The best split of one leaf, in bins, with the gradient statistics of both sides.</summary>
internal struct SplitCandidate
{
    public double Gain;
    public int Feature;

    /// <summary>Numeric split: value bins 1..ThresholdBin go left (the threshold is <c>Cuts[ThresholdBin-1]</c>).</summary>
    public int ThresholdBin;

    /// <summary>Categorical split: the bins (category + 1) that go left; null for numeric splits.</summary>
    public int[]? LeftBins;

    /// <summary>Where the missing bin (0) goes.</summary>
    public bool DefaultLeft;

    public double LeftGradient, LeftHessian, RightGradient, RightHessian;
    public int LeftCount, RightCount;

    public static SplitCandidate None => new() { Gain = double.NegativeInfinity, Feature = -1 };
    public readonly bool IsValid => Feature >= 0;
}

/// <summary>
/// Finds a leaf's best split from its histogram. Numeric features: every "bins ≤ b left" threshold. Categorical
/// features: categories present in the leaf sorted by G/(H + smoothing), every prefix of that order on the left
/// (the optimal binary partition for a convex loss is one of these prefixes). For both kinds the missing bin is
/// tried on each side and the better side becomes the learned default direction; when the leaf has no missing
/// rows the default follows the heavier child (by hessian), where an unseen missing value most likely belongs.
/// </summary>
internal sealed class SplitFinder
{
    private readonly HistogramBuilder _layout;
    private readonly bool[] _categorical;
    private readonly double _lambda;
    private readonly double _minHessian;
    private readonly int _minCount;
    private readonly double _minGain;
    private readonly double _smoothing;
    private readonly int[] _order;
    private readonly double[] _keys;

    public SplitFinder(HistogramBuilder layout, bool[] categorical, GbdtOptions options)
    {
        _layout = layout;
        _categorical = categorical;
        _lambda = options.L2Regularization;
        _minHessian = options.MinimumHessianPerLeaf;
        _minCount = options.MinimumExampleCountPerLeaf;
        _minGain = options.MinimumSplitGain;
        _smoothing = options.CategoricalSmoothing;
        var maxBins = layout.BinCounts.Length == 0 ? 0 : layout.BinCounts.Max();
        _order = new int[maxBins];
        _keys = new double[maxBins];
    }

    public SplitCandidate FindBest(double[] histogram, double sumGradient, double sumHessian, int count, bool[] active)
    {
        var best = SplitCandidate.None;
        if (count < 2 * _minCount) return best;
        var parentScore = sumGradient * sumGradient / (sumHessian + _lambda);
        for (var f = 0; f < _layout.FeatureCount; f++)
        {
            if (!active[f]) continue;
            if (_categorical[f]) ScanCategorical(f, histogram, sumGradient, sumHessian, count, parentScore, ref best);
            else ScanNumeric(f, histogram, sumGradient, sumHessian, count, parentScore, ref best);
        }
        return best.Gain > _minGain ? best : SplitCandidate.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanNumeric(int f, double[] hist, double g, double h, int n, double parentScore, ref SplitCandidate best)
    {
        var baseIndex = _layout.Offsets[f] * HistogramBuilder.Stride;
        var bins = _layout.BinCounts[f];
        var gm = hist[baseIndex];
        var hm = hist[baseIndex + 1];
        var cm = (int)hist[baseIndex + 2];
        double gl = 0, hl = 0;
        var cl = 0;
        // The last value bin cannot be a threshold: everything would go left.
        for (var b = 1; b < bins - 1; b++)
        {
            var i = baseIndex + b * HistogramBuilder.Stride;
            gl += hist[i];
            hl += hist[i + 1];
            cl += (int)hist[i + 2];
            if (cl == 0) continue;
            if (n - cl - cm < _minCount && cm == 0) break;
            Consider(f, b, null, gl, hl, cl, g, h, n, parentScore, missingLeft: false, cm, ref best);
            if (cm > 0)
                Consider(f, b, null, gl + gm, hl + hm, cl + cm, g, h, n, parentScore, missingLeft: true, cm, ref best);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanCategorical(int f, double[] hist, double g, double h, int n, double parentScore, ref SplitCandidate best)
    {
        var baseIndex = _layout.Offsets[f] * HistogramBuilder.Stride;
        var bins = _layout.BinCounts[f];
        var present = 0;
        for (var b = 1; b < bins; b++)
        {
            var i = baseIndex + b * HistogramBuilder.Stride;
            if (hist[i + 2] < 0.5) continue;
            _order[present] = b;
            _keys[present] = hist[i] / (hist[i + 1] + _smoothing);
            present++;
        }
        if (present < 2) return;
        // Ties in the key fall back to the bin index, so the order (and the model) never depends on the sort.
        var keys = _keys.AsSpan(0, present);
        var order = _order.AsSpan(0, present);
        InsertionSortByKey(keys, order);
        var gm = hist[baseIndex];
        var hm = hist[baseIndex + 1];
        var cm = (int)hist[baseIndex + 2];
        double gl = 0, hl = 0;
        var cl = 0;
        var before = best.Gain;
        var bestPrefix = -1;
        for (var k = 0; k < present - 1; k++)
        {
            var i = baseIndex + order[k] * HistogramBuilder.Stride;
            gl += hist[i];
            hl += hist[i + 1];
            cl += (int)hist[i + 2];
            var gainBefore = best.Gain;
            Consider(f, 0, null, gl, hl, cl, g, h, n, parentScore, missingLeft: false, cm, ref best);
            if (cm > 0)
                Consider(f, 0, null, gl + gm, hl + hm, cl + cm, g, h, n, parentScore, missingLeft: true, cm, ref best);
            if (best.Gain > gainBefore) bestPrefix = k + 1;
        }
        if (best.Gain > before && bestPrefix > 0)
        {
            var left = order[..bestPrefix].ToArray();
            Array.Sort(left);
            best.LeftBins = left;
        }
    }

    private static void InsertionSortByKey(Span<double> keys, Span<int> order)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var bin = order[i];
            var j = i - 1;
            while (j >= 0 && (keys[j] > key || (keys[j] == key && order[j] > bin)))
            {
                keys[j + 1] = keys[j];
                order[j + 1] = order[j];
                j--;
            }
            keys[j + 1] = key;
            order[j + 1] = bin;
        }
    }

    private void Consider(int f, int thresholdBin, int[]? leftBins, double gl, double hl, int cl, double g, double h, int n,
        double parentScore, bool missingLeft, int missingCount, ref SplitCandidate best)
    {
        var cr = n - cl;
        if (cl < _minCount || cr < _minCount) return;
        var gr = g - gl;
        var hr = h - hl;
        if (hl < _minHessian || hr < _minHessian) return;
        var gain = gl * gl / (hl + _lambda) + gr * gr / (hr + _lambda) - parentScore;
        if (!(gain > best.Gain)) return;
        best.Gain = gain;
        best.Feature = f;
        best.ThresholdBin = thresholdBin;
        best.LeftBins = leftBins;
        best.DefaultLeft = missingCount > 0 ? missingLeft : hl >= hr;
        best.LeftGradient = gl;
        best.LeftHessian = hl;
        best.RightGradient = gr;
        best.RightHessian = hr;
        best.LeftCount = cl;
        best.RightCount = cr;
    }
}
