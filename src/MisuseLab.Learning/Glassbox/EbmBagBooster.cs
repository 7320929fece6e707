using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Glassbox;

/// <summary>One outer bag's boosted terms, before centring (margin = Intercept + Σ Terms[f][bin]).</summary>
internal sealed record EbmBagTerms(double[][] Terms, double Intercept, EbmBagReport Report);

/// <summary>
/// Cyclic boosting of one outer bag: each round takes every feature in schema order and fits one ≤3-leaf
/// Newton tree to its gradient/hessian histogram, with early stopping on the bag's validation log-loss.
/// </summary>
internal static class EbmBagBooster
{
    // The missing bin is updated only above this hessian sum, the same guard EbmTermSplitter puts on leaves.
    private const double MinHessian = 1e-12;

    public static EbmBagTerms Train(BinnedFrame data, bool[] labels, int[] trainRows, int[] validationRows, int bagIndex, EbmOptions options)
    {
        var featureCount = data.ColumnCount;
        var binCounts = new int[featureCount];
        var categorical = new bool[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            binCounts[f] = data.Mapper.Features[f].BinCount;
            categorical[f] = data.Mapper.Features[f].Kind == FeatureKind.Categorical;
        }

        // Gather the bag's rows once so the hot loops stream contiguous arrays.
        var trainBins = Gather(data, trainRows);
        var validationBins = Gather(data, validationRows);
        var y = new double[trainRows.Length];
        var positives = 0;
        for (var i = 0; i < trainRows.Length; i++)
        {
            if (labels[trainRows[i]]) { y[i] = 1; positives++; }
        }
        var validationY = new bool[validationRows.Length];
        for (var i = 0; i < validationRows.Length; i++) validationY[i] = labels[validationRows[i]];

        // Start from the base rate so the first rounds spend no effort on the intercept.
        var intercept = Math.Log((double)positives / (trainRows.Length - positives));
        var expNegMargin = new double[trainRows.Length];
        var validationMargin = new double[validationRows.Length];
        Array.Fill(expNegMargin, Math.Exp(-intercept));
        Array.Fill(validationMargin, intercept);

        var counts = new int[featureCount][];
        var terms = new double[featureCount][];
        var bestTerms = new double[featureCount][];
        for (var f = 0; f < featureCount; f++)
        {
            counts[f] = new int[binCounts[f]];
            foreach (var bin in trainBins[f]) counts[f][bin]++;
            terms[f] = new double[binCounts[f]];
            bestTerms[f] = new double[binCounts[f]];
        }

        var g = new double[BinMapper.MaxBins];
        var h = new double[BinMapper.MaxBins];
        var delta = new double[BinMapper.MaxBins];
        var g2 = new double[BinMapper.MaxBins];
        var h2 = new double[BinMapper.MaxBins];
        var pendingFactor = new double[BinMapper.MaxBins];
        byte[]? pendingBins = null;
        var order = new int[BinMapper.MaxBins];
        var ratio = new double[BinMapper.MaxBins];
        var splitter = new EbmTermSplitter(options.MaxLeaves, options.MinSamplesLeaf);
        var learningRate = options.LearningRate;
        var minSamplesLeaf = options.MinSamplesLeaf;

        var earlyStopping = validationRows.Length > 0;
        var bestLoss = double.PositiveInfinity;
        var referenceLoss = double.PositiveInfinity;
        int bestRound = -1, lastImprovement = -1, rounds = 0;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            rounds = round + 1;
            for (var f = 0; f < featureCount; f++)
            {
                var binCount = binCounts[f];
                var bins = trainBins[f];
                Array.Clear(g, 0, binCount);
                Array.Clear(h, 0, binCount);
                // The previous step's margin update is folded into this histogram pass: one sweep per step.
                Histogram(expNegMargin, y, bins, pendingBins, pendingFactor, g, h, g2, h2);
                pendingBins = null;

                var orderLength = Order(categorical[f], binCount, g, h, counts[f], options.CategoricalSmoothing, order, ratio);
                Array.Clear(delta, 0, binCount);
                var leaves = splitter.Fit(order.AsSpan(0, orderLength), g, h, counts[f], learningRate, delta);
                // The missing bin is always a leaf of its own, so missingness never borrows a neighbour's score.
                var missingUpdated = counts[f][FeatureBins.MissingBin] >= minSamplesLeaf && h[FeatureBins.MissingBin] >= MinHessian;
                if (missingUpdated) delta[FeatureBins.MissingBin] = -learningRate * g[FeatureBins.MissingBin] / h[FeatureBins.MissingBin];
                if (leaves == 0 && !missingUpdated) continue;

                var term = terms[f];
                for (var b = 0; b < binCount; b++) term[b] += delta[b];
                var validationColumn = validationBins[f];
                for (var i = 0; i < validationMargin.Length; i++) validationMargin[i] += delta[validationColumn[i]];
                for (var b = 0; b < binCount; b++) pendingFactor[b] = Math.Exp(-delta[b]);
                pendingBins = bins;
            }

            if (!earlyStopping) continue;
            var loss = LogLoss(validationMargin, validationY);
            if (loss < bestLoss)
            {
                bestLoss = loss;
                bestRound = round;
                for (var f = 0; f < featureCount; f++) Array.Copy(terms[f], bestTerms[f], binCounts[f]);
            }
            if (loss < referenceLoss - options.EarlyStoppingTolerance)
            {
                referenceLoss = loss;
                lastImprovement = round;
            }
            if (round - lastImprovement >= options.EarlyStoppingRounds) break;
        }

        var result = earlyStopping ? bestTerms : terms;
        var report = new EbmBagReport(bagIndex, trainRows.Length, validationRows.Length, rounds,
            earlyStopping ? bestRound + 1 : rounds, earlyStopping ? bestLoss : double.NaN);
        return new EbmBagTerms(result, intercept, report);
    }

    private static byte[][] Gather(BinnedFrame data, int[] rows)
    {
        var columns = new byte[data.ColumnCount][];
        for (var f = 0; f < columns.Length; f++)
        {
            var source = data.Column(f);
            var target = new byte[rows.Length];
            for (var i = 0; i < rows.Length; i++) target[i] = source[rows[i]];
            columns[f] = target;
        }
        return columns;
    }

    /// <summary>
    /// Applies the pending per-bin update, then sums logistic gradients and hessians per bin. Rows carry
    /// e = exp(−margin), so a margin step of δ is e·exp(−δ) with exp(−δ) looked up per bin: no exp per row
    /// (relative drift after n steps is about √n·1e-16). Two interleaved histograms let consecutive rows in
    /// the same bin add without waiting on each other.
    /// </summary>
    private static void Histogram(double[] expNegMargin, double[] y, byte[] bins, byte[]? pendingBins, double[] pendingFactor, double[] g, double[] h, double[] g2, double[] h2)
    {
        var n = expNegMargin.Length;
        Array.Clear(g2);
        Array.Clear(h2);
        var even = n & ~1;
        if (pendingBins is null)
        {
            for (var i = 0; i < n; i++)
            {
                var p = 1.0 / (1.0 + expNegMargin[i]);
                var bin = bins[i];
                g[bin] += p - y[i];
                h[bin] += p * (1.0 - p);
            }
            return;
        }
        for (var i = 0; i < even; i += 2)
        {
            var e0 = expNegMargin[i] * pendingFactor[pendingBins[i]];
            expNegMargin[i] = e0;
            var p0 = 1.0 / (1.0 + e0);
            var b0 = bins[i];
            g[b0] += p0 - y[i];
            h[b0] += p0 * (1.0 - p0);
            var e1 = expNegMargin[i + 1] * pendingFactor[pendingBins[i + 1]];
            expNegMargin[i + 1] = e1;
            var p1 = 1.0 / (1.0 + e1);
            var b1 = bins[i + 1];
            g2[b1] += p1 - y[i + 1];
            h2[b1] += p1 * (1.0 - p1);
        }
        if (even < n)
        {
            var e0 = expNegMargin[even] * pendingFactor[pendingBins[even]];
            expNegMargin[even] = e0;
            var p0 = 1.0 / (1.0 + e0);
            var b0 = bins[even];
            g[b0] += p0 - y[even];
            h[b0] += p0 * (1.0 - p0);
        }
        for (var b = 0; b < g2.Length; b++)
        {
            g[b] += g2[b];
            h[b] += h2[b];
        }
    }

    /// <summary>
    /// The non-missing bins in split order: value order for numeric features; for categorical ones the
    /// categories present in the bag sorted by G/(H + smoothing), ties by bin, as LightGBM and InterpretML do.
    /// </summary>
    private static int Order(bool categorical, int binCount, double[] g, double[] h, int[] counts, double smoothing, int[] order, double[] ratio)
    {
        var length = 0;
        if (!categorical)
        {
            for (var b = 1; b < binCount; b++) order[length++] = b;
            return length;
        }
        for (var b = 1; b < binCount; b++)
        {
            if (counts[b] == 0) continue;
            ratio[b] = g[b] / (h[b] + smoothing);
            // Insertion sort: at most a few dozen categories, and stable for exact ties.
            var j = length++;
            while (j > 0 && ratio[order[j - 1]] > ratio[b]) { order[j] = order[j - 1]; j--; }
            order[j] = b;
        }
        return length;
    }

    private static double LogLoss(double[] margin, bool[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < margin.Length; i++)
        {
            var z = y[i] ? -margin[i] : margin[i];
            // log(1 + e^z) without overflow.
            sum += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        }
        return sum / margin.Length;
    }
}
