namespace MisuseLab.Learning.Glassbox;

/// <summary>
/// One boosting step's tree on one feature's histogram: at most three leaves over the feature's bins taken in
/// a given order (value order for numeric features, gradient/hessian order for categories), grown greedily
/// like a depth-2 tree — the best single cut, then the better of the best cuts inside either side — with
/// Newton leaf values −G/H. Cuts never cross bins, so neighbouring values are never smoothed together.
/// </summary>
internal sealed class EbmTermSplitter
{
    // Below this a leaf's hessian is treated as empty: its Newton step would be numerically meaningless.
    private const double MinHessian = 1e-12;

    private readonly int _maxLeaves;
    private readonly int _minSamplesLeaf;
    private readonly double[] _prefixG = new double[256];
    private readonly double[] _prefixH = new double[256];
    private readonly int[] _prefixN = new int[256];

    public EbmTermSplitter(int maxLeaves, int minSamplesLeaf)
    {
        _maxLeaves = maxLeaves;
        _minSamplesLeaf = minSamplesLeaf;
    }

    /// <summary>
    /// Writes <c>−learningRate · G_leaf / H_leaf</c> into <paramref name="delta"/> for every bin of
    /// <paramref name="order"/> and returns the number of leaves; returns 0 (and writes nothing) when no cut
    /// both respects the minimum leaf size and lowers the loss.
    /// </summary>
    public int Fit(ReadOnlySpan<int> order, double[] g, double[] h, int[] n, double learningRate, double[] delta)
    {
        var k = order.Length;
        if (k < 2) return 0;
        _prefixG[0] = 0; _prefixH[0] = 0; _prefixN[0] = 0;
        for (var i = 0; i < k; i++)
        {
            var bin = order[i];
            _prefixG[i + 1] = _prefixG[i] + g[bin];
            _prefixH[i + 1] = _prefixH[i] + h[bin];
            _prefixN[i + 1] = _prefixN[i] + n[bin];
        }

        var (cut, _) = BestCut(0, k);
        if (cut < 0) return 0;
        var leaves = 2;
        int secondCut = -1;
        if (_maxLeaves >= 3)
        {
            var (leftCut, leftGain) = BestCut(0, cut);
            var (rightCut, rightGain) = BestCut(cut, k);
            if (leftCut >= 0 && (rightCut < 0 || leftGain >= rightGain)) secondCut = leftCut;
            else if (rightCut >= 0) secondCut = rightCut;
            if (secondCut >= 0) leaves = 3;
        }

        int a = cut, b = secondCut;
        if (b >= 0 && b < a) (a, b) = (b, a);
        WriteLeaf(order, 0, a, learningRate, delta);
        if (b < 0)
        {
            WriteLeaf(order, a, k, learningRate, delta);
        }
        else
        {
            WriteLeaf(order, a, b, learningRate, delta);
            WriteLeaf(order, b, k, learningRate, delta);
        }
        return leaves;
    }

    /// <summary>Best cut c in (lo, hi) splitting positions [lo, c) | [c, hi); (−1, 0) when none improves the loss.</summary>
    private (int Cut, double Gain) BestCut(int lo, int hi)
    {
        double totalG = _prefixG[hi] - _prefixG[lo], totalH = _prefixH[hi] - _prefixH[lo];
        var totalN = _prefixN[hi] - _prefixN[lo];
        if (totalN < 2 * _minSamplesLeaf || totalH < 2 * MinHessian) return (-1, 0);
        var parent = totalG * totalG / totalH;
        var bestCut = -1;
        var bestGain = 0.0;
        for (var c = lo + 1; c < hi; c++)
        {
            var leftN = _prefixN[c] - _prefixN[lo];
            if (leftN < _minSamplesLeaf) continue;
            if (totalN - leftN < _minSamplesLeaf) break;
            double leftG = _prefixG[c] - _prefixG[lo], leftH = _prefixH[c] - _prefixH[lo];
            double rightG = totalG - leftG, rightH = totalH - leftH;
            if (leftH < MinHessian || rightH < MinHessian) continue;
            var gain = leftG * leftG / leftH + rightG * rightG / rightH - parent;
            // Strictly greater keeps the first of equal cuts, so ties resolve the same way on every run.
            if (gain > bestGain) { bestGain = gain; bestCut = c; }
        }
        return (bestCut, bestGain);
    }

    private void WriteLeaf(ReadOnlySpan<int> order, int lo, int hi, double learningRate, double[] delta)
    {
        double leafG = _prefixG[hi] - _prefixG[lo], leafH = _prefixH[hi] - _prefixH[lo];
        var value = leafH >= MinHessian ? -learningRate * leafG / leafH : 0.0;
        for (var i = lo; i < hi; i++) delta[order[i]] = value;
    }
}
