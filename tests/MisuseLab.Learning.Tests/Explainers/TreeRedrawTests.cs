using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

/// <summary>
/// Why model randomization re-draws a tree's splits and not only its leaves, shown with exact (brute-force) Shapley
/// values, so no explainer under test is involved: the ensemble splits on features 0–3 only, as a trainer splits
/// on the features that carry signal.
/// </summary>
public sealed class TreeRedrawTests
{
    private const int Features = 8;
    private static readonly FeatureSchema Schema = RandomEnsembles.Schema(Features);

    private static TreeEnsembleModel Trained(int seed) =>
        RandomEnsembles.Ensemble(new Random(seed), Schema, trees: 12, maxDepth: 3, usable: [0, 1, 2, 3]);

    private static double[] ExactGlobal(TreeEnsembleModel model, Frame rows)
    {
        var global = new double[Features];
        for (var i = 0; i < rows.RowCount; i++)
        {
            var phi = BruteForceShapley.Explain(model, rows.Row(i));
            for (var f = 0; f < Features; f++) global[f] += Math.Abs(phi[f]) / rows.RowCount;
        }
        return global;
    }

    private static RegressionTree LeavesOnly(RegressionTree tree, Random random) =>
        new(tree.Left, tree.Right, tree.Feature, tree.Threshold, tree.DefaultLeft, tree.LeftCategories.Select(c => (IEnumerable<int>)c),
            Enumerable.Range(0, tree.NodeCount).Select(n => tree.IsLeaf(n) ? random.NextDouble() * 2 - 1 : tree.Value[n]), tree.Cover);

    [Fact]
    public void Redrawing_only_the_leaves_keeps_the_learned_ranking_in_the_exact_shapley_values()
    {
        // Closed form: a feature no split uses gets φ = 0 exactly (Shapley's dummy axiom), whatever the leaf values.
        // So features 4–7 tie at zero in the trained and in every leaf-redrawn model, and Spearman's ρ with mid-ranks is
        // at least its value when the four used features' order is reversed: ranks (5,6,7,8,2.5,2.5,2.5,2.5) against
        // (8,7,6,5,2.5,…), i.e. (4·2² + 2·(0.5·3.5 + 1.5·2.5)) / (4·2² + 0.5² + 1.5² + 2.5² + 3.5²) = 27/37 ≈ 0.73 — above
        // the 0.5 threshold for any leaf values. The check could not pass on a perfectly exact explainer.
        var model = Trained(3);
        var rows = RandomEnsembles.Rows(new Random(4), Schema, 60);
        var trained = ExactGlobal(model, rows);
        Assert.All(trained.Take(4), v => Assert.True(v > 0, "the bound assumes all four usable features are split on"));
        for (var seed = 0; seed < 5; seed++)
        {
            var random = new Random(100 + seed);
            var leafRedrawn = ExactGlobal(model.WithTrees(model.Trees.Select(t => LeavesOnly(t, random))), rows);
            Assert.All(leafRedrawn.Skip(4), v => Assert.Equal(0, v));
            Assert.True(RankCorrelation.Spearman(trained, leafRedrawn) >= 27.0 / 37 - 1e-12, $"seed {seed}: ρ = {RankCorrelation.Spearman(trained, leafRedrawn):F3}");
        }
    }

    [Fact]
    public void A_fully_redrawn_model_depends_only_on_the_trees_shape_so_its_attributions_are_independent_of_training()
    {
        // Two models with the same shapes but different learned splits, thresholds, leaves and covers: their re-drawn
        // trees are identical, so anything computed from the randomized model (its exact Shapley values included) is a
        // function of shape, reference rows and seed alone — independent of what the trainer learned.
        var a = Trained(5);
        var b = a.WithTrees(a.Trees.Select(t => new RegressionTree(t.Left, t.Right,
            Enumerable.Range(0, t.NodeCount).Select(n => t.IsLeaf(n) ? -1 : (t.Feature[n] + 2) % Features),
            t.Threshold.Select(x => x + 0.3), t.DefaultLeft.Select(d => !d), t.LeftCategories.Select(c => (IEnumerable<int>)c),
            t.Value.Select(v => -2 * v), t.Cover.Select(c => 3 * c))));
        var reference = RandomEnsembles.Rows(new Random(6), Schema, 400);
        for (var i = 0; i < a.Trees.Length; i++)
        {
            var ra = TreeRedraw.Redraw(a.Trees[i], reference, 9, i, 0.7);
            var rb = TreeRedraw.Redraw(b.Trees[i], reference, 9, i, 0.7);
            Assert.Equal(ra.Feature.ToArray(), rb.Feature.ToArray());
            Assert.Equal(ra.Threshold.ToArray(), rb.Threshold.ToArray());
            Assert.Equal(ra.DefaultLeft.ToArray(), rb.DefaultLeft.ToArray());
            Assert.Equal(ra.LeftCategories.Select(c => c.ToArray()), rb.LeftCategories.Select(c => c.ToArray()));
            Assert.Equal(ra.Value.ToArray(), rb.Value.ToArray());
            Assert.Equal(ra.Cover.ToArray(), rb.Cover.ToArray());
            Assert.Equal(a.Trees[i].Left.ToArray(), ra.Left.ToArray());
            // Covers: every reference row reaches exactly one leaf, plus one pseudo-row per leaf.
            var leaves = Enumerable.Range(0, ra.NodeCount).Count(ra.IsLeaf);
            Assert.Equal(reference.RowCount + leaves, ra.Cover[0]);
            for (var r = 0; r < reference.RowCount; r++) Assert.True(ra.Cover[ra.LeafOf(reference.Row(r))] >= 2);
        }
    }

    [Fact]
    public void After_a_full_redraw_the_exact_ranking_is_forgotten_and_the_sanity_check_agrees()
    {
        var model = Trained(3);
        var rows = RandomEnsembles.Rows(new Random(4), Schema, 60);
        var reference = RandomEnsembles.Rows(new Random(7), Schema, 500);
        var trained = ExactGlobal(model, rows);
        var scale = SanityChecks.LeafScale(model);
        const int seeds = 8;
        var exact = new double[seeds];
        for (var seed = 0; seed < seeds; seed++)
        {
            var redrawn = model.WithTrees(model.Trees.Select((t, i) => TreeRedraw.Redraw(t, reference, seed, i, scale)));
            var global = ExactGlobal(redrawn, rows);
            Assert.True(global.Skip(4).Any(v => v > 0), $"seed {seed}: the unused features stayed at zero");
            exact[seed] = Math.Abs(RankCorrelation.Spearman(trained, global));
        }
        Assert.True(exact.Average() < 0.5, $"mean |ρ| of exact Shapley rankings, trained vs fully re-drawn: {exact.Average():F3}");

        // The sanity check's cascade ends in the same re-draw, so TreeSHAP (exact for these trees) now passes on average.
        var labels = model.PredictRaw(reference).Select(m => m > 0).ToArray();
        var checks = Enumerable.Range(0, seeds).Select(seed => SanityChecks.Run(model, reference, labels, options: new SanityCheckOptions
        {
            Seed = seed, ExplainedRows = 200, Explainers = [new TreeShapExplainer()],
        }).Results.Single()).ToList();
        Assert.Equal("all trees' splits and leaf values re-drawn", checks[0].Steps[^1].Description);
        var meanAbs = checks.Average(c => Math.Abs(c.Steps[^1].Agreement.GlobalSpearman));
        Assert.True(meanAbs < 0.5, $"TreeSHAP mean |ρ| over {seeds} seeds: {meanAbs:F3}");
    }
}
