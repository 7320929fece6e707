using System.Runtime.CompilerServices;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Boosting;

/// <summary>
/// Gradient-boosted decision trees for binary classification (log-loss, Newton leaf values), in the style of
/// LightGBM / XGBoost <c>hist</c>: features are binned once (<see cref="BinMapper"/>), trees grow leaf-wise on
/// gradient histograms, categorical features split natively into category sets, and each split learns where
/// missing values go. The returned <see cref="TreeEnsembleModel"/> holds thresholds in original units, so it
/// predicts from raw values; its bins are kept for reference.
/// </summary>
public sealed class GbdtTrainer
{
    /// <summary>Hessians below this are raised to it, so a fully confident row still has a defined Newton step.</summary>
    private const double MinimumRowHessian = 1e-16;

    public GbdtTrainer(GbdtOptions? options = null)
    {
        Options = options ?? new GbdtOptions();
        Options.Validate();
    }

    public GbdtOptions Options { get; }

    /// <summary>
    /// Trains on <paramref name="features"/> with <paramref name="labels"/> (true = positive class).
    /// The base score is the log-odds of the training positive rate. <paramref name="progress"/> receives the
    /// number of trees finished after each tree.
    /// </summary>
    public TreeEnsembleModel Train(Frame features, ReadOnlySpan<bool> labels, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        var n = features.RowCount;
        if (labels.Length != n)
            throw new DataFormatException($"Expected one label per row ({n}); found {labels.Length} labels.");
        if (n == 0)
            throw new DataFormatException("Expected at least one training row; the frame is empty.");
        var y = new double[n];
        var positives = 0;
        for (var i = 0; i < n; i++)
        {
            if (!labels[i]) continue;
            y[i] = 1;
            positives++;
        }
        if (positives == 0 || positives == n)
            throw new DataFormatException($"Expected both classes among the training labels; found {positives} positive of {n}. A classifier needs examples of each.");

        var options = Options;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var mapper = BinMapper.Fit(features, options.MaximumBinCountPerFeature);
        var binned = mapper.Transform(features);
        var featureCount = features.ColumnCount;
        var binColumns = new byte[featureCount][];
        var binCounts = new int[featureCount];
        var categorical = new bool[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            binColumns[f] = binned.Column(f).ToArray();
            binCounts[f] = mapper.Features[f].BinCount;
            categorical[f] = mapper.Features[f].Kind == FeatureKind.Categorical;
        }
        var histograms = new HistogramBuilder(binColumns, binCounts, parallel);
        var finder = new SplitFinder(histograms, categorical, options);
        var grower = new TreeGrower(binColumns, [.. mapper.Features], histograms, finder, options, n);

        var baseScore = Math.Log(positives / (double)(n - positives));
        var scores = new double[n];
        Array.Fill(scores, baseScore);
        var gradHess = new double[2 * n];
        var rows = new int[n];
        var inBag = new bool[n];
        var active = new bool[featureCount];
        var random = new Random(options.Seed);
        var shuffle = options.UsesSeed ? new int[Math.Max(n, featureCount)] : [];
        var trees = new List<RegressionTree>(options.NumberOfTrees);

        for (var t = 0; t < options.NumberOfTrees; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ComputeGradients(scores, y, gradHess, parallel);
            var count = options.RowSubsampleFraction < 1
                ? SampleRows(random, n, options.RowSubsampleFraction, rows, inBag, shuffle)
                : FillAllRows(rows);
            ChooseFeatures(random, options.FeatureFraction, active, shuffle);

            var tree = grower.Grow(rows, count, gradHess, active);
            for (var l = 0; l < grower.LeafCount; l++)
            {
                var (start, leafCount, value) = grower.Leaf(l);
                AddLeafValues(rows, start, leafCount, value, scores);
            }
            if (count < n) AddOutOfBag(tree, features, inBag, scores);
            trees.Add(tree);
            progress?.Report(t + 1);
        }
        return new TreeEnsembleModel(features.Schema, trees, baseScore, mapper);
    }

    /// <summary>Log-loss gradient p − y and hessian p(1 − p) per row, interleaved, at the current margins.</summary>
    private static void ComputeGradients(double[] scores, double[] y, double[] gradHess, ParallelOptions parallel)
    {
        const int block = 8192;
        var blocks = (scores.Length + block - 1) / block;
        Parallel.For(0, blocks, parallel, k => ComputeGradients(scores, y, gradHess, k * block, Math.Min(scores.Length, (k + 1) * block)));
    }

    // A one-shot CLI run would spend much of its time in unoptimised tier-0 code of these loops otherwise.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeGradients(double[] scores, double[] y, double[] gradHess, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var p = Logistic.Sigmoid(scores[i]);
            gradHess[2 * i] = p - y[i];
            gradHess[2 * i + 1] = Math.Max(p * (1 - p), MinimumRowHessian);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddLeafValues(int[] rows, int start, int count, double value, double[] scores)
    {
        for (var i = start; i < start + count; i++) scores[rows[i]] += value;
    }

    private static int FillAllRows(int[] rows)
    {
        for (var i = 0; i < rows.Length; i++) rows[i] = i;
        return rows.Length;
    }

    /// <summary>Seed use 1: a uniform sample without replacement (partial Fisher–Yates), kept in row order.</summary>
    private static int SampleRows(Random random, int n, double fraction, int[] rows, bool[] inBag, int[] shuffle)
    {
        var m = Math.Max(1, (int)Math.Round(n * fraction));
        for (var i = 0; i < n; i++) shuffle[i] = i;
        for (var i = 0; i < m; i++)
        {
            var j = random.Next(i, n);
            (shuffle[i], shuffle[j]) = (shuffle[j], shuffle[i]);
        }
        Array.Clear(inBag);
        for (var i = 0; i < m; i++) inBag[shuffle[i]] = true;
        var k = 0;
        for (var i = 0; i < n; i++) if (inBag[i]) rows[k++] = i;
        return m;
    }

    /// <summary>Seed use 2: each tree's features, a uniform sample without replacement of at least one.</summary>
    private static void ChooseFeatures(Random random, double fraction, bool[] active, int[] shuffle)
    {
        var total = active.Length;
        if (fraction >= 1)
        {
            Array.Fill(active, true);
            return;
        }
        var m = Math.Max(1, (int)Math.Round(total * fraction));
        for (var i = 0; i < total; i++) shuffle[i] = i;
        for (var i = 0; i < m; i++)
        {
            var j = random.Next(i, total);
            (shuffle[i], shuffle[j]) = (shuffle[j], shuffle[i]);
        }
        Array.Clear(active);
        for (var i = 0; i < m; i++) active[shuffle[i]] = true;
    }

    /// <summary>Rows left out of a subsampled tree still get its output, routed on raw values like prediction.</summary>
    private static void AddOutOfBag(RegressionTree tree, Frame features, bool[] inBag, double[] scores)
    {
        for (var r = 0; r < scores.Length; r++)
        {
            if (inBag[r]) continue;
            var node = 0;
            while (!tree.IsLeaf(node)) node = tree.Next(node, features.Column(tree.Feature[node])[r]);
            scores[r] += tree.Value[node];
        }
    }
}
