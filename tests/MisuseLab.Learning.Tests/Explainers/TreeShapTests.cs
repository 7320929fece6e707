using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class TreeShapTests
{
    private static readonly TreeShapOptions Reference = new() { Algorithm = TreeShapAlgorithm.Reference };

    [Theory]
    [InlineData(TreeShapAlgorithm.Fast)]
    [InlineData(TreeShapAlgorithm.Reference)]
    public void Agrees_with_brute_force_Shapley_values_on_random_ensembles(TreeShapAlgorithm algorithm)
    {
        var random = new Random(20260101);
        for (var trial = 0; trial < 40; trial++)
        {
            var schema = RandomEnsembles.Schema(2 + trial % 5);
            var model = RandomEnsembles.Ensemble(random, schema, trees: 1 + trial % 4, maxDepth: 2 + trial % 4);
            var frame = RandomEnsembles.Rows(random, schema, 15);
            var shap = TreeShap.Explain(model, frame, new TreeShapOptions { Algorithm = algorithm });
            for (var i = 0; i < frame.RowCount; i++)
            {
                var row = frame.Row(i);
                var expected = BruteForceShapley.Explain(model, row);
                for (var f = 0; f < schema.Count; f++)
                    Assert.True(Math.Abs(expected[f] - shap[i, f]) <= 1e-12, $"trial {trial}, row {i}, feature {f}: brute force {expected[f]:R}, TreeSHAP {shap[i, f]:R}");
                Assert.True(Math.Abs(BruteForceShapley.ExpectedValue(model, row) - shap.ExpectedValue) <= 1e-12);
            }
        }
    }

    [Fact]
    public void Fast_and_reference_agree_on_deep_trees_including_leaves_past_the_table_limit()
    {
        var random = new Random(7);
        var schema = RandomEnsembles.Schema(14);
        var ensemble = RandomEnsembles.Ensemble(random, schema, trees: 8, maxDepth: 9);
        // A chain on 13 distinct features: its deepest leaves exceed the table limit and take the per-row path.
        var chain = new RandomEnsembles.TreeBuilder();
        for (var f = 0; f < 13; f++)
        {
            var node = chain.Add();
            var leaf = chain.Add();
            chain.SetLeaf(leaf, random.NextDouble() - 0.5, 1 + random.Next(5));
            chain.SetSplit(node, f, schema[f].IsCategorical ? double.NaN : 0.1 * random.Next(-5, 5), random.NextDouble() < 0.5, schema[f].IsCategorical ? [1, 3] : []);
            chain.Left[node] = leaf;
            chain.Right[node] = chain.Count;
        }
        var last = chain.Add();
        chain.SetLeaf(last, 0.75, 2);
        for (var n = chain.Count - 1; n >= 0; n--)
            if (chain.Left[n] >= 0) chain.Cover[n] = chain.Cover[chain.Left[n]] + chain.Cover[chain.Right[n]];
        var model = ensemble.WithTrees([.. ensemble.Trees, chain.Build()]);
        Assert.True(new TreeShapPlan(model).MaxPathFeatures > TreeShapPlan.MaxTabulatedFeatures, "the construction should reach the per-row fallback");
        var frame = RandomEnsembles.Rows(random, schema, 80);
        var fast = TreeShap.Explain(model, frame);
        var reference = TreeShap.Explain(model, frame, Reference);
        for (var i = 0; i < frame.RowCount; i++)
            for (var f = 0; f < schema.Count; f++)
                Assert.True(Math.Abs(fast[i, f] - reference[i, f]) <= 1e-12, $"row {i}, feature {f}: fast {fast[i, f]:R}, reference {reference[i, f]:R}");
        Assert.Equal(reference.ExpectedValue, fast.ExpectedValue, 12);
        Assert.True(fast.MaxAdditivityError <= 1e-9);
    }

    [Fact]
    public void Local_accuracy_holds_and_outputs_are_the_model_margins()
    {
        var random = new Random(11);
        var schema = RandomEnsembles.Schema(6);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 20, maxDepth: 5);
        var frame = RandomEnsembles.Rows(random, schema, 200);
        var shap = TreeShap.Explain(model, frame);
        var margins = model.PredictRaw(frame);
        for (var i = 0; i < frame.RowCount; i++)
        {
            Assert.Equal(margins[i], shap.ModelOutputs[i]);
            var sum = shap.ExpectedValue;
            foreach (var v in shap.Row(i)) sum += v;
            Assert.True(Math.Abs(sum - margins[i]) <= 1e-9);
        }
    }

    [Fact]
    public void A_feature_no_tree_uses_gets_exactly_zero()
    {
        var random = new Random(3);
        var schema = RandomEnsembles.Schema(6);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 10, maxDepth: 4, usable: [0, 1, 2, 4, 5]);
        var shap = TreeShap.Explain(model, RandomEnsembles.Rows(random, schema, 100));
        for (var i = 0; i < shap.RowCount; i++)
        {
            Assert.Equal(0.0, shap[i, 3]);
            Assert.Equal(0.0, TreeShap.Explain(model, RandomEnsembles.Rows(random, schema, 1), Reference)[0, 3]);
        }
    }

    [Theory]
    [InlineData(TreeShapAlgorithm.Fast)]
    [InlineData(TreeShapAlgorithm.Reference)]
    public void Symmetric_duplicate_features_get_equal_values(TreeShapAlgorithm algorithm)
    {
        // Trees on (a, b) split on a at the root and on b, at the same threshold, in both children, with uniform
        // power-of-two covers and leaf values (p, q, q, r): the path-dependent game is symmetric in a and b, and
        // with dyadic numbers every operation is exact, so rows with a == b must get bit-identical values.
        // A tree on c alone is added to show other features do not disturb them.
        var random = new Random(5);
        var schema = new FeatureSchema([FeatureSpec.Numeric("a"), FeatureSpec.Numeric("b"), FeatureSpec.Numeric("c")]);
        var trees = new List<RegressionTree>();
        for (var t = 0; t < 5; t++)
        {
            double p = random.Next(-16, 16) / 8.0, q = random.Next(-16, 16) / 8.0, r = random.Next(-16, 16) / 8.0;
            var threshold = Math.Round(random.NextDouble() * 2 - 1, 1);
            var missingLeft = random.NextDouble() < 0.5;
            trees.Add(new RegressionTree([1, 3, 5, -1, -1, -1, -1], [2, 4, 6, -1, -1, -1, -1], [0, 1, 1, -1, -1, -1, -1],
                [threshold, threshold, threshold, 0, 0, 0, 0], [missingLeft, missingLeft, missingLeft, false, false, false, false],
                Enumerable.Repeat(Array.Empty<int>(), 7), [0, 0, 0, p, q, q, r], [8, 4, 4, 2, 2, 2, 2]));
        }
        trees.Add(RandomEnsembles.Tree(random, schema, 3, usable: [2]));
        var model = new TreeEnsembleModel(schema, trees, 0.25);
        var rows = RandomEnsembles.Rows(random, schema, 200);
        var shap = TreeShap.Explain(model, rows.WithColumn(1, rows.CopyColumn(0)), new TreeShapOptions { Algorithm = algorithm });
        var nonZero = 0;
        for (var i = 0; i < shap.RowCount; i++)
        {
            Assert.Equal(shap[i, 0], shap[i, 1]);
            if (shap[i, 0] != 0) nonZero++;
        }
        Assert.True(nonZero > 100, "the construction should give the duplicated features non-zero values");
    }

    [Fact]
    public void Categorical_and_missing_values_follow_the_same_child_as_prediction()
    {
        // Root: category in {1, 3} goes left, missing goes right. A row that is missing must be credited
        // with the right child's value minus the cover-weighted mean.
        var schema = new FeatureSchema([FeatureSpec.Categorical("colour", ["r", "g", "b", "y"])]);
        var tree = new RegressionTree([1, -1, -1], [2, -1, -1], [0, -1, -1], [double.NaN, 0, 0], [false, false, false],
            [[1, 3], [], []], [0, 2.0, -1.0], [4, 1, 3]);
        var model = new TreeEnsembleModel(schema, [tree], 0);
        var shap = TreeShap.Explain(model, new Frame(schema, [[double.NaN, 1, 0, 3]]));
        var mean = (1 * 2.0 + 3 * -1.0) / 4;
        Assert.Equal(mean, shap.ExpectedValue, 15);
        Assert.Equal(-1.0 - mean, shap[0, 0], 15);
        Assert.Equal(2.0 - mean, shap[1, 0], 15);
        Assert.Equal(-1.0 - mean, shap[2, 0], 15);
        Assert.Equal(2.0 - mean, shap[3, 0], 15);
    }

    [Fact]
    public void Additivity_violation_names_the_row_the_sum_and_the_model_output()
    {
        // With leaf values 16 orders of magnitude apart the double sum cannot be exact; a zero tolerance must catch it.
        var schema = new FeatureSchema([FeatureSpec.Numeric("x")]);
        var tree = new RegressionTree([1, -1, -1], [2, -1, -1], [0, -1, -1], [0.5, 0, 0], [true, false, false],
            [[], [], []], [0, 1e16, 0.1], [3, 1, 2]);
        var model = new TreeEnsembleModel(schema, [tree], 0.3);
        var error = Assert.Throws<AdditivityException>(() =>
            TreeShap.Explain(model, new Frame(schema, [[0.0, 1.0]]), new TreeShapOptions { AdditivityTolerance = 0 }));
        Assert.Contains("row 1", error.Message);
        Assert.Contains("Σφ + base", error.Message);
        Assert.Contains("model output is 0.4", error.Message);
    }

    [Fact]
    public void Rejects_a_reachable_node_without_cover_and_a_frame_of_another_schema()
    {
        var schema = new FeatureSchema([FeatureSpec.Numeric("x")]);
        var tree = new RegressionTree([1, -1, -1], [2, -1, -1], [0, -1, -1], [0.5, 0, 0], [true, false, false],
            [[], [], []], [0, 1, 2], [3, 0, 3]);
        var model = new TreeEnsembleModel(schema, [tree], 0);
        var frame = new Frame(schema, [[0.0]]);
        var ex = Assert.Throws<InvalidModelException>(() => TreeShap.Explain(model, frame));
        Assert.Contains("Tree 0, node 1 has cover 0", ex.Message);
        var other = new Frame(new FeatureSchema([FeatureSpec.Numeric("y")]), [[0.0]]);
        Assert.Throws<DataFormatException>(() => TreeShap.Explain(model, other));
    }

    [Fact]
    public void Shapley_weights_sum_to_one_over_subset_sizes()
    {
        for (var d = 1; d <= 12; d++)
        {
            var w = TreeShapPlan.ShapleyWeights(d);
            var total = 0.0;
            double binomial = 1;
            for (var s = 0; s < d; s++) { total += w[s] * binomial; binomial = binomial * (d - 1 - s) / (s + 1); }
            Assert.Equal(1.0, total, 14);
        }
    }
}
