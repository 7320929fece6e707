using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.MlNet;

namespace MisuseLab.Learning.Tests.MlNet;

public sealed class MlNetFeatureContributionsTests
{
    [Fact]
    public void Fcc_is_the_leaf_minus_ghost_leaf_sum_along_each_rows_path()
    {
        var (frame, labels) = MlNetData.Make(800, seed: 21);
        var model = new FastTreePipeline(new FastTreeOptions { NumberOfTrees = 10, NumberOfLeaves = 6 }).Train(frame, labels);
        var fcc = MlNetFeatureContributions.Explain(model, frame, slotLevel: true);
        var slots = model.Featurize(frame).Slots;
        var trees = model.Predictor.Trees!;

        // ML.NET's documented definition, computed here from its public arrays: at each split on the path, the
        // row's leaf output minus the output of the leaf it reaches after taking the other branch there.
        for (var i = 0; i < 60; i++)
        {
            var x = slots.Row(i).Select(v => (float)v).ToArray();
            var expected = new double[x.Length];
            foreach (var tree in trees)
            {
                var output = tree.LeafValues[Leaf(tree, 0, x)];
                var node = 0;
                while (node >= 0)
                {
                    var f = tree.NumericalSplitFeatureIndexes[node];
                    var left = x[f] <= tree.NumericalSplitThresholds[node];
                    var ghost = left ? tree.RightChild[node] : tree.LeftChild[node];
                    expected[f] += output - tree.LeafValues[Leaf(tree, ghost, x)];
                    node = left ? tree.LeftChild[node] : tree.RightChild[node];
                }
            }
            for (var s = 0; s < x.Length; s++)
                Assert.True(Math.Abs(expected[s] - fcc[i, s]) <= 1e-5, $"row {i}, slot {s}: expected {expected[s]:R}, FCC {fcc[i, s]:R}");
        }
        // Column level sums the colour slots.
        var columns = MlNetFeatureContributions.Explain(model, frame);
        var colourSlots = Enumerable.Range(0, model.Slots.Count).Where(s => model.Slots.Sources[s] == 2).ToArray();
        Assert.Equal(3, colourSlots.Length);
        Assert.Equal(colourSlots.Sum(s => fcc[5, s]), columns[5, 2], 9);
    }

    private static int Leaf(RegressionTreeBase tree, int node, float[] x)
    {
        while (node >= 0)
            node = x[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
        return ~node;
    }

    [Fact]
    public void Sanity_checks_cover_treeshap_fcc_and_pfi_on_an_mlnet_model()
    {
        var (frame, labels) = MlNetData.Make(1500, seed: 22);
        var pipeline = new FastTreePipeline(new FastTreeOptions { NumberOfTrees = 16, NumberOfLeaves = 8 });
        var model = pipeline.Train(frame, labels);
        var report = SanityChecks.Run(model, frame, labels, (f, y) => pipeline.Train(f, y), new SanityCheckOptions { Seed = 3, ExplainedRows = 300 });

        var found = report.Results.Select(r => (r.Explainer, r.Test)).ToHashSet();
        Assert.Contains(("TreeSHAP", SanityChecks.ModelRandomization), found);
        Assert.Contains(("TreeSHAP", SanityChecks.DataRandomization), found);
        Assert.Contains(("ML.NET FCC", SanityChecks.DataRandomization), found);
        Assert.DoesNotContain(("ML.NET FCC", SanityChecks.ModelRandomization), found);
        Assert.Contains(("Permutation importance", SanityChecks.ModelRandomization), found);
        // The cascade re-draws 1, 2, 4, 8 and then all 16 trees of the imported ensemble.
        var cascade = report.Results.Single(r => r is { Explainer: "TreeSHAP", Test: SanityChecks.ModelRandomization });
        Assert.Equal([1, 2, 4, 8, 16], cascade.Steps.Select(s => s.RandomizedUnits));
        Assert.All(cascade.Steps, s => Assert.Equal(16, s.TotalUnits));
    }

    [Fact]
    public void The_randomized_model_keeps_mlnets_featurization_and_its_unrandomized_twin_predicts_as_mlnet()
    {
        var (frame, labels) = MlNetData.Make(700, seed: 23);
        var model = new FastTreePipeline(new FastTreeOptions { NumberOfTrees = 12, NumberOfLeaves = 6 }).Train(frame, labels);
        var twin = new FeaturizedEnsemble(model, model.Ensemble).PredictRaw(frame);
        var mlnet = model.PredictRaw(frame);
        for (var i = 0; i < frame.RowCount; i++) Assert.True(Math.Abs(twin[i] - mlnet[i]) <= 1e-5);
        var randomized = ModelRandomization.Randomize(model, frame, seed: 4).PredictRaw(frame);
        Assert.NotEqual(mlnet, randomized);
        Assert.Equal(randomized, ModelRandomization.Randomize(model, frame, seed: 4).PredictRaw(frame));
    }
}
