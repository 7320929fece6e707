using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Glassbox;

/// <summary>How one outer bag trained: its split sizes, rounds run and where validation log-loss was lowest.</summary>
public sealed record EbmBagReport(int Bag, int TrainingRows, int ValidationRows, int RoundsRun, int BestRound, double BestValidationLogLoss);

/// <summary>A trained EBM with the per-bag training record.</summary>
public sealed record EbmTrainingResult(EbmModel Model, IReadOnlyList<EbmBagReport> Bags);

/// <summary>
/// Trains an Explainable Boosting Machine (InterpretML's glass-box GAM) for binary classification: main
/// effects only — one shape function per feature, no pairwise interaction terms.
/// </summary>
/// <remarks>
/// Each outer bag draws its own stratified validation split and boosts every feature in turn (cyclic
/// round-robin) with ≤3-leaf Newton trees over the feature's bins and a small learning rate, stopping early
/// on validation log-loss. Bags train in parallel; each term is centred on its training-count-weighted mean
/// (the mean moves into the intercept), the model's term is the mean over bags and its band the per-bin
/// standard deviation over bags (population, as numpy's default). Bins no training row fell into score 0.
/// </remarks>
public sealed class EbmTrainer
{
    public EbmTrainer(EbmOptions? options = null)
    {
        Options = options ?? new EbmOptions();
        Options.Validate();
    }

    public EbmOptions Options { get; }

    /// <summary>Trains on <paramref name="features"/> with labels (true = positive class).</summary>
    public EbmModel Fit(Frame features, IReadOnlyList<bool> labels) => FitWithReport(features, labels).Model;

    public EbmTrainingResult FitWithReport(Frame features, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != features.RowCount)
            throw new DataFormatException($"Expected one label per row ({features.RowCount}); found {labels.Count} labels.");
        if (features.ColumnCount == 0)
            throw new DataFormatException("Expected at least one feature; the frame has none.");
        var y = new bool[labels.Count];
        var positives = 0;
        for (var i = 0; i < y.Length; i++) if (y[i] = labels[i]) positives++;
        if (positives == 0 || positives == y.Length)
            throw new DataFormatException($"Expected both classes among the labels; found {positives} positive of {y.Length} rows. An EBM classifier needs examples of each class.");

        var mapper = BinMapper.Fit(features, Options.MaxBins);
        var binned = mapper.Transform(features);
        // Splits are drawn up front (cheap) so a split that cannot work fails before any boosting starts.
        var splits = new (int[] Train, int[] Validation)[Options.OuterBags];
        for (var bag = 0; bag < splits.Length; bag++)
            splits[bag] = StratifiedSplit(y, Options.ValidationFraction, new Random(BagSeed(Options.Seed, bag)));
        var bags = new EbmBagTerms[Options.OuterBags];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        Parallel.For(0, bags.Length, parallel, bag =>
            bags[bag] = EbmBagBooster.Train(binned, y, splits[bag].Train, splits[bag].Validation, bag, Options));

        var model = Combine(mapper, binned, bags);
        return new EbmTrainingResult(model, [.. bags.Select(b => b.Report)]);
    }

    /// <summary>The seed of bag <paramref name="bag"/>'s generator: a SplitMix64 mix, so bags are independent and scheduling-free.</summary>
    internal static int BagSeed(int seed, int bag)
    {
        var z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(bag + 1) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }

    /// <summary>
    /// Holds out round(fraction · n) rows of each class (at least one row of each class stays in training);
    /// both index lists come back ascending so the bag's gathered columns keep the data's row order.
    /// </summary>
    internal static (int[] Train, int[] Validation) StratifiedSplit(bool[] y, double fraction, Random random)
    {
        var isValidation = new bool[y.Length];
        var validationCount = 0;
        foreach (var label in new[] { false, true })
        {
            var rows = new List<int>();
            for (var i = 0; i < y.Length; i++) if (y[i] == label) rows.Add(i);
            var take = Math.Min((int)Math.Round(fraction * rows.Count, MidpointRounding.AwayFromZero), rows.Count - 1);
            // Partial Fisher–Yates: the first `take` positions become a uniform random sample.
            for (var k = 0; k < take; k++)
            {
                var j = random.Next(k, rows.Count);
                (rows[k], rows[j]) = (rows[j], rows[k]);
                isValidation[rows[k]] = true;
            }
            validationCount += take;
        }
        if (fraction > 0 && validationCount == 0)
            throw new DataFormatException($"A validation fraction of {fraction} of {y.Length} rows holds out no rows, so early stopping has nothing to watch. Use more rows or set {nameof(EbmOptions.ValidationFraction)} to 0.");
        var train = new int[y.Length - validationCount];
        var validation = new int[validationCount];
        int t = 0, v = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (isValidation[i]) validation[v++] = i; else train[t++] = i;
        }
        return (train, validation);
    }

    private static EbmModel Combine(BinMapper mapper, BinnedFrame binned, EbmBagTerms[] bags)
    {
        var featureCount = binned.ColumnCount;
        var bagCount = bags.Length;
        var intercept = 0.0;
        foreach (var bag in bags) intercept += bag.Intercept;
        var means = new double[featureCount][];
        var deviations = new double[featureCount][];
        for (var f = 0; f < featureCount; f++)
        {
            var binCount = mapper.Features[f].BinCount;
            var weights = new long[binCount];
            foreach (var bin in binned.Column(f)) weights[bin]++;
            var centred = new double[bagCount][];
            for (var b = 0; b < bagCount; b++)
            {
                var term = bags[b].Terms[f];
                double weighted = 0;
                for (var bin = 0; bin < binCount; bin++) weighted += weights[bin] * term[bin];
                var mean = weighted / binned.RowCount;
                intercept += mean;
                centred[b] = new double[binCount];
                for (var bin = 0; bin < binCount; bin++) centred[b][bin] = weights[bin] == 0 ? 0.0 : term[bin] - mean;
            }
            means[f] = new double[binCount];
            deviations[f] = new double[binCount];
            for (var bin = 0; bin < binCount; bin++)
            {
                double sum = 0;
                for (var b = 0; b < bagCount; b++) sum += centred[b][bin];
                var avg = sum / bagCount;
                double squares = 0;
                for (var b = 0; b < bagCount; b++) squares += (centred[b][bin] - avg) * (centred[b][bin] - avg);
                means[f][bin] = avg;
                deviations[f][bin] = Math.Sqrt(squares / bagCount);
            }
            // Remove the rounding left by averaging so the term's weighted mean is zero to machine precision.
            double residual = 0;
            for (var bin = 0; bin < binCount; bin++) residual += weights[bin] * means[f][bin];
            residual /= binned.RowCount;
            for (var bin = 0; bin < binCount; bin++) if (weights[bin] > 0) means[f][bin] -= residual;
            intercept += residual * bagCount;
            CheckCentred(mapper.Schema[f].Name, means[f], weights, binned.RowCount);
        }
        intercept /= bagCount;
        return new EbmModel(mapper, means, deviations, intercept);
    }

    /// <summary>Shape plots read a term as "relative to the average row"; that holds only if its training mean is zero.</summary>
    private static void CheckCentred(string feature, double[] term, long[] weights, int rows)
    {
        double mean = 0, scale = 1;
        for (var bin = 0; bin < term.Length; bin++)
        {
            mean += weights[bin] * term[bin];
            scale = Math.Max(scale, Math.Abs(term[bin]));
        }
        mean /= rows;
        if (!(Math.Abs(mean) <= 1e-9 * scale))
            throw new InvalidModelException($"Term '{feature}' should have zero weighted training mean after centring; found {mean:E3}. The term holds a non-finite or extreme score; lower {nameof(EbmOptions.LearningRate)} or raise {nameof(EbmOptions.MinSamplesLeaf)}.");
    }
}
