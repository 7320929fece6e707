using MisuseLab.Learning.Data;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Explainers;

/// <summary>Options of <see cref="SanityChecks.Run"/>.</summary>
public sealed record SanityCheckOptions
{
    /// <summary>
    /// Every random choice derives from this seed through <see cref="SeededRandom.Derive"/>: the explained row sample,
    /// each tree's re-drawn splits and leaf values (stream 1, tree index), each EBM term's re-drawn scores (stream 2, feature index),
    /// the permuted labels (stream 3) and permutation importance's shuffles (its own Seed = this seed).
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Rows (a seeded sample) the explanations are computed on. Default 500.</summary>
    public int ExplainedRows { get; init; } = 500;

    /// <summary>How many trailing trees (EBM: terms) are randomized at each cascade step; default 1, 2, 4, … and then all.</summary>
    public IReadOnlyList<int>? CascadeSteps { get; init; }

    /// <summary>
    /// An explainer passes a test when |Spearman ρ| between its global importances for the trained and the fully
    /// randomized model is below this (default 0.5), or ρ is undefined because the randomized importances are all
    /// equal while the trained ones are not. Why 0.5: for 14 features (Adult) |ρ| ≥ 0.5 happens for unrelated
    /// rankings with probability ≈ 0.07 (t = ρ√((n−2)/(1−ρ²)) = 2.0, 12 df), so an explanation that keeps that much
    /// of its ranking after the model lost what it learned is reporting something other than the model.
    /// </summary>
    public double PassThreshold { get; init; } = 0.5;

    /// <summary>k of the top-k overlap (capped at the number of features). Default 5.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>
    /// Also run independent randomization (Adebayo et al.'s "independent layer" variant): each block of trees (EBM:
    /// terms) that a cascade step adds is re-drawn alone, the rest kept trained. Default false.
    /// </summary>
    public bool IndependentRandomization { get; init; }

    /// <summary>Explainers to check; default TreeSHAP or EBM terms (by model type) and permutation importance (3 repeats).</summary>
    public IReadOnlyList<IAttributionExplainer>? Explainers { get; init; }

    public void Validate()
    {
        var errors = new List<string>();
        if (ExplainedRows < 2) errors.Add($"{nameof(ExplainedRows)}: expected at least 2; found {ExplainedRows}.");
        if (CascadeSteps is not null && (CascadeSteps.Count == 0 || CascadeSteps.Any(k => k < 1)))
            errors.Add($"{nameof(CascadeSteps)}: expected positive counts; found [{string.Join(", ", CascadeSteps)}].");
        if (!(PassThreshold > 0 && PassThreshold <= 1)) errors.Add($"{nameof(PassThreshold)}: expected a value in (0, 1]; found {PassThreshold}.");
        if (TopK < 1) errors.Add($"{nameof(TopK)}: expected at least 1; found {TopK}.");
        if (errors.Count > 0) throw new ArgumentException("Invalid sanity check options: " + string.Join(" ", errors));
    }
}

/// <summary>
/// Sanity checks for explanations (Adebayo et al. 2018, "Sanity checks for saliency maps", transferred to tabular
/// models). Model randomization: cascading re-draws of the last k trees (EBM: the last k terms' scores) up to the
/// whole model. A re-drawn tree keeps its shape only: split features and thresholds are drawn from the caller's rows
/// and leaf values from N(0, s²), s the model-wide root-mean-square leaf value (<see cref="TreeRedraw"/> says why the
/// splits must go too); an EBM's bins are cut from the features alone, never from the labels, so its re-drawn term
/// scores are all it learned. Data randomization: retrain on permuted labels with the caller's trainer. An
/// explainer that is faithful to the model must change its explanation when the model loses what it learned.
/// </summary>
public static class SanityChecks
{
    public const string ModelRandomization = "model randomization";
    public const string DataRandomization = "data randomization";
    public const string IndependentModelRandomization = "independent model randomization";

    public static SanityReport Run(IBinaryClassifier model, Frame frame, IReadOnlyList<bool> labels,
        Func<Frame, bool[], IBinaryClassifier>? trainer = null, SanityCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new SanityCheckOptions();
        options.Validate();
        if (labels.Count != frame.RowCount)
            throw new DataFormatException($"Expected one label per row ({frame.RowCount}); found {labels.Count}.");
        var y = labels.ToArray();
        var rows = FeatureEffects.SampleRows(frame.RowCount, options.ExplainedRows, options.Seed);
        var sample = frame.SelectRows(rows);
        var sampleLabels = rows.Select(i => y[i]).ToArray();
        var topK = Math.Min(options.TopK, frame.ColumnCount);
        var explainers = (options.Explainers ?? DefaultExplainers(model, options.Seed)).Where(e => e.Supports(model)).ToList();
        var original = explainers.Select(e => e.Explain(model, sample, sampleLabels)).ToList();
        var results = new List<SanityCheckResult>();

        var cascade = Cascade(model, frame, options);
        if (cascade.Count > 0)
        {
            for (var e = 0; e < explainers.Count; e++)
            {
                // ML.NET's FCC cannot run on re-drawn trees (they are ours, not ML.NET's): no model-randomization result for it.
                if (!cascade.All(c => explainers[e].Supports(c.Model))) continue;
                var steps = cascade.Select(c => new RandomizationStep(c.Description, c.Units, c.Total,
                    Compare(original[e], explainers[e].Explain(c.Model, sample, sampleLabels), topK))).ToList();
                results.Add(Verdict(explainers[e].Name, ModelRandomization, steps, original[e], options.PassThreshold));
            }
        }

        if (options.IndependentRandomization && Independent(model, frame, options) is { Count: > 0 } independent)
        {
            for (var e = 0; e < explainers.Count; e++)
            {
                if (!independent.All(c => explainers[e].Supports(c.Model))) continue;
                var steps = independent.Select(c => new RandomizationStep(c.Description, c.Units, c.Total,
                    Compare(original[e], explainers[e].Explain(c.Model, sample, sampleLabels), topK))).ToList();
                // The verdict of independent randomization is informational: one block alone need not change the ranking.
                results.Add(Verdict(explainers[e].Name, IndependentModelRandomization, steps, original[e], options.PassThreshold));
            }
        }

        if (trainer is not null)
        {
            var permuted = (bool[])y.Clone();
            SeededRandom.Derive(options.Seed, 3).Shuffle(permuted.AsSpan());
            var retrained = trainer(frame, permuted) ?? throw new InvalidOperationException("The trainer returned no model.");
            var trainingAuc = Metrics.RocAuc.Compute(permuted, retrained.PredictRaw(frame));
            for (var e = 0; e < explainers.Count; e++)
            {
                if (!explainers[e].Supports(retrained)) continue;
                var step = new RandomizationStep("retrained on permuted labels", 1, 1, Compare(original[e], explainers[e].Explain(retrained, sample, sampleLabels), topK));
                results.Add(Verdict(explainers[e].Name, DataRandomization, [step], original[e], options.PassThreshold) with { RetrainedTrainingAuc = trainingAuc });
            }
        }
        return new SanityReport(results, options.Seed, sample.RowCount);
    }

    public static IReadOnlyList<IAttributionExplainer> DefaultExplainers(IBinaryClassifier model, int seed)
    {
        var pfi = new PermutationExplainer(new PermutationImportanceOptions { Repeats = 3, Seed = seed });
        return model switch
        {
            TreeEnsembleModel => [new TreeShapExplainer(), pfi],
            EbmModel => [new EbmTermExplainer(), pfi],
            MlNetBinaryModel { Predictor.Trees: not null } => [new TreeShapExplainer(), new FccExplainer(), pfi],
            _ => [pfi],
        };
    }

    /// <summary>Agreement of two explanations of the same rows and features.</summary>
    public static ExplanationAgreement Compare(ExplainerOutput trained, ExplainerOutput randomized, int topK)
    {
        var g0 = trained.Global;
        var g1 = randomized.Global;
        double? local = null, localAbs = null;
        if (trained.Local is not null && randomized.Local is not null)
        {
            local = MeanDefined(trained.Local, randomized.Local, abs: false);
            localAbs = MeanDefined(trained.Local, randomized.Local, abs: true);
        }
        return new ExplanationAgreement(
            RankCorrelation.Spearman(g0, g1),
            RankCorrelation.Spearman(g0.Select(Math.Abs).ToArray(), g1.Select(Math.Abs).ToArray()),
            RankCorrelation.KendallTauB(g0, g1),
            RankCorrelation.TopKOverlap(g0, g1, topK),
            local,
            localAbs);
    }

    private static double MeanDefined(double[][] a, double[][] b, bool abs)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var rho = abs
                ? RankCorrelation.Spearman(a[i].Select(Math.Abs).ToArray(), b[i].Select(Math.Abs).ToArray())
                : RankCorrelation.Spearman(a[i], b[i]);
            if (double.IsNaN(rho)) continue;
            sum += rho;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    private static SanityCheckResult Verdict(string explainer, string test, List<RandomizationStep> steps, ExplainerOutput original, double threshold)
    {
        var rho = steps[^1].Agreement.GlobalSpearman;
        var originalConstant = original.Global.All(v => v == original.Global[0]);
        var passed = double.IsNaN(rho) ? !originalConstant : Math.Abs(rho) < threshold;
        var criterion = $"|Spearman ρ| of global importances (trained vs {steps[^1].Description}) < {threshold}: ρ = {rho:F3}";
        return new SanityCheckResult(explainer, test, steps, passed, criterion);
    }

    private sealed record CascadeModel(string Description, int Units, int Total, IBinaryClassifier Model);

    private static List<CascadeModel> Cascade(IBinaryClassifier model, Frame reference, SanityCheckOptions options)
    {
        switch (model)
        {
            case TreeEnsembleModel ensemble:
            {
                var total = ensemble.Trees.Length;
                var scale = LeafScale(ensemble);
                var redrawn = ensemble.Trees.Select((t, i) => TreeRedraw.Redraw(t, reference, options.Seed, i, scale)).ToArray();
                return [.. Steps(total, options.CascadeSteps).Select(k => new CascadeModel(
                    k == total ? "all trees' splits and leaf values re-drawn" : $"last {k} of {total} trees' splits and leaf values re-drawn", k, total,
                    ensemble.WithTrees(ensemble.Trees.Select((t, i) => i >= total - k ? redrawn[i] : t))))];
            }
            case MlNetBinaryModel mlnet when mlnet.Predictor.Trees is not null && mlnet.Background is not null:
            {
                // The trees re-drawn are the imported ones; the featurization stays ML.NET's (see FeaturizedEnsemble).
                var source = new FeaturizedEnsemble(mlnet, mlnet.Ensemble);
                return [.. Cascade(source.Slots, mlnet.Featurize(reference).Slots, options).Select(c => c with { Model = source.WithTrees(((TreeEnsembleModel)c.Model).Trees) })];
            }
            case EbmModel ebm:
            {
                var total = ebm.TermScores.Length;
                var all = ebm.TermScores.SelectMany(s => s).ToArray();
                var scale = Math.Sqrt(all.Sum(v => v * v) / all.Length);
                var redrawn = ebm.TermScores.Select((s, f) => RedrawScores(s.Length, options.Seed, f, scale)).ToArray();
                return [.. Steps(total, options.CascadeSteps).Select(k => new CascadeModel(
                    k == total ? "all term scores re-drawn" : $"last {k} of {total} terms' scores re-drawn", k, total,
                    ebm.WithTermScores(ebm.TermScores.Select((s, f) => f >= total - k ? redrawn[f] : (IEnumerable<double>)s), ebm.Intercept)))];
            }
            default:
                return [];
        }
    }

    /// <summary>Each block a cascade step adds (trees or terms (total − k_j, total − k_{j−1}]) re-drawn alone; same re-drawn values as the cascade.</summary>
    private static List<CascadeModel> Independent(IBinaryClassifier model, Frame reference, SanityCheckOptions options)
    {
        if (model is MlNetBinaryModel { Predictor.Trees: not null, Background: not null } mlnet)
        {
            // As in the cascade: the imported trees are re-drawn, ML.NET's featurization stays (see FeaturizedEnsemble).
            var source = new FeaturizedEnsemble(mlnet, mlnet.Ensemble);
            return [.. Independent(source.Slots, mlnet.Featurize(reference).Slots, options).Select(c => c with { Model = source.WithTrees(((TreeEnsembleModel)c.Model).Trees) })];
        }
        var units = model switch { TreeEnsembleModel t => t.Trees.Length, EbmModel m => m.TermScores.Length, _ => 0 };
        var steps = Steps(units, options.CascadeSteps);
        var blocks = steps.Select((k, j) => (From: units - k, To: units - (j == 0 ? 0 : steps[j - 1]))).ToList();
        switch (model)
        {
            case TreeEnsembleModel ensemble:
            {
                var scale = LeafScale(ensemble);
                return [.. blocks.Select(b => new CascadeModel($"trees {b.From + 1}–{b.To} of {units} alone re-drawn", b.To - b.From, units,
                    ensemble.WithTrees(ensemble.Trees.Select((t, i) => i >= b.From && i < b.To ? TreeRedraw.Redraw(t, reference, options.Seed, i, scale) : t))))];
            }
            case EbmModel ebm:
            {
                var all = ebm.TermScores.SelectMany(s => s).ToArray();
                var scale = Math.Sqrt(all.Sum(v => v * v) / all.Length);
                return [.. blocks.Select(b => new CascadeModel($"terms {b.From + 1}–{b.To} of {units} alone re-drawn", b.To - b.From, units,
                    ebm.WithTermScores(ebm.TermScores.Select((s, f) => f >= b.From && f < b.To ? RedrawScores(s.Length, options.Seed, f, scale) : (IEnumerable<double>)s), ebm.Intercept)))];
            }
            default:
                return [];
        }
    }

    internal static IReadOnlyList<int> Steps(int total, IReadOnlyList<int>? requested)
    {
        if (total == 0) return [];
        var steps = new SortedSet<int>();
        if (requested is null)
            for (var k = 1; k < total; k *= 2) steps.Add(k);
        else
            foreach (var k in requested) steps.Add(Math.Min(k, total));
        steps.Add(total); // the full randomization decides the verdict
        return [.. steps];
    }

    // Why one scale for the whole model: Adebayo et al. re-initialise weights from the initialisation distribution,
    // which is the same for every unit. Keeping each tree's or term's own scale would keep exactly what global
    // importance measures (an EBM term's importance is its score magnitude), so the test could not fail.

    /// <summary>Root-mean-square leaf value over the whole ensemble (reachable or not; leaves only).</summary>
    internal static double LeafScale(TreeEnsembleModel model)
    {
        double squares = 0;
        var leaves = 0;
        foreach (var tree in model.Trees)
            for (var n = 0; n < tree.NodeCount; n++) if (tree.IsLeaf(n)) { squares += tree.Value[n] * tree.Value[n]; leaves++; }
        return leaves == 0 ? 0 : Math.Sqrt(squares / leaves);
    }

    /// <summary>Term scores re-drawn as N(0, scale²).</summary>
    internal static double[] RedrawScores(int bins, int seed, int feature, double scale)
    {
        var random = SeededRandom.Derive(seed, 2, feature);
        var scores = new double[bins];
        for (var b = 0; b < bins; b++) scores[b] = scale * random.NextGaussian();
        return scores;
    }
}
