using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using MisuseLab.Learning.MlNet;
using MlTree = Microsoft.ML.Trainers.FastTree.RegressionTreeBase;

namespace MisuseLab.Learning.Tests.MlNet;

public sealed class MlNetTreeShapTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlnet-shap").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Zip(string name) => Path.Combine(_directory, name + ".zip");

    [Fact]
    public void Small_fasttree_matches_brute_force_shapley_on_mlnet_trees_with_recomputed_covers()
    {
        var rows = ForeignModels.Rows(600, seed: 5);
        var (context, model, data) = ForeignModels.TrainAndSave(ForeignModels.Trainer.FastTree, rows, Zip("small"), trees: 8, leaves: 6);
        var (features, scores) = ForeignModels.Score(model, data);
        var trees = Trees(model);
        Assert.True(trees.Count <= 8);

        var (ours, frame, _) = ForeignModels.Load(Zip("small"), data);
        var shap = MlNetTreeShap.Explain(ours, frame, background: frame, new MlNetTreeShapOptions { SlotLevel = true });

        // The oracle walks ML.NET's own public arrays (x ≤ threshold goes to LeftChild), with covers counted here by routing the same rows.
        var covers = trees.Select(t => Covers(t, features)).ToList();
        for (var i = 0; i < 40; i++)
        {
            var expected = BruteForce(trees, covers, features[i]);
            for (var s = 0; s < expected.Length; s++)
                Assert.True(Math.Abs(expected[s] - shap[i, s]) <= 1e-9, $"row {i}, slot {s}: brute force {expected[s]:R}, TreeSHAP {shap[i, s]:R}");
            Assert.True(Math.Abs(shap.BaseValue + shap.Row(i).ToArray().Sum() - scores[i]) <= 1e-5);
        }
    }

    [Theory]
    [InlineData(ForeignModels.Trainer.FastTree)]
    [InlineData(ForeignModels.Trainer.FastTreeCategorical)]
    [InlineData(ForeignModels.Trainer.FastForest)]
    [InlineData(ForeignModels.Trainer.LightGbm)]
    public void Attributions_add_up_to_mlnet_score_on_1000_rows_of_a_model_saved_by_other_code(ForeignModels.Trainer trainer)
    {
        var (_, model, _) = ForeignModels.TrainAndSave(trainer, ForeignModels.Rows(2000, seed: 7), Zip("m"), trees: 50, leaves: 16);
        var explained = new MLContext().Data.LoadFromEnumerable(ForeignModels.Rows(1000, seed: 8));
        var (_, scores) = ForeignModels.Score(model, explained);
        var (ours, frame, _) = ForeignModels.Load(Zip("m"), explained);
        var shap = MlNetTreeShap.Explain(ours, frame);

        Assert.Equal(1000, shap.RowCount);
        Assert.Equal(CoverSource.Explained, shap.CoverSource);
        for (var i = 0; i < shap.RowCount; i++)
        {
            // Independent of the library's own check: ML.NET's score read here, the sum taken here.
            var sum = shap.BaseValue;
            foreach (var v in shap.Row(i)) sum += v;
            Assert.True(Math.Abs(sum - scores[i]) <= 1e-5, $"row {i}: Σφ + E = {sum:R}, ML.NET score {scores[i]:R}");
        }
        Assert.True(shap.MaxAdditivityError <= 1e-5);
        // One value per input column; the one-hot colour slots were summed back into 'colour'.
        Assert.Equal(["x0", "x1", "colour", "x2", "x3"], shap.Schema.Select(f => f.Name));
        for (var i = 0; i < 20; i++)
        {
            var slots = shap.SlotValues.Row(i).ToArray();
            Assert.Equal(slots[2] + slots[3] + slots[4], shap[i, 2], 12);
        }
    }

    [Fact]
    public void A_model_without_trees_is_refused_with_the_predictor_named()
    {
        var context = new MLContext(1);
        var data = context.Data.LoadFromEnumerable(ForeignModels.Rows(300, 3));
        var model = context.Transforms.Categorical.OneHotEncoding("colour")
            .Append(context.Transforms.Concatenate("Features", "x0", "x1", "colour", "x2", "x3"))
            .Append(context.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(data);
        context.Model.Save(model, data.Schema, Zip("linear"));
        var (ours, frame, _) = ForeignModels.Load(Zip("linear"), data);
        var error = Assert.Throws<InvalidModelException>(() => MlNetTreeShap.Explain(ours, frame));
        Assert.Contains("LinearBinaryModelParameters", error.Message);
    }

    private static IReadOnlyList<MlTree> Trees(ITransformer model)
    {
        var last = ((IEnumerable<ITransformer>)model).Last();
        var calibrated = (Microsoft.ML.Calibrators.CalibratedModelParametersBase)((ISingleFeaturePredictionTransformer<object>)last).Model;
        return ((FastTreeBinaryModelParameters)calibrated.SubModel).TrainedTreeEnsemble.Trees;
    }

    // Node ids: internal nodes 0..N−1, leaf l at N + l.
    private static int Child(MlTree tree, int child) => child >= 0 ? child : tree.NumberOfNodes + ~child;

    private static double[] Covers(MlTree tree, float[][] rows)
    {
        var covers = new double[tree.NumberOfNodes + tree.NumberOfLeaves];
        foreach (var x in rows)
        {
            var node = 0;
            covers[0]++;
            while (node < tree.NumberOfNodes)
            {
                node = Child(tree, x[tree.NumericalSplitFeatureIndexes[node]] <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node]);
                covers[node]++;
            }
        }
        Assert.All(covers, c => Assert.True(c > 0));
        return covers;
    }

    private static double Expectation(MlTree tree, double[] cover, int node, float[] x, int subset)
    {
        if (node >= tree.NumberOfNodes) return tree.LeafValues[node - tree.NumberOfNodes];
        Assert.False(tree.CategoricalSplitFlags[node]);
        int f = tree.NumericalSplitFeatureIndexes[node], l = Child(tree, tree.LeftChild[node]), r = Child(tree, tree.RightChild[node]);
        if ((subset >> f & 1) != 0) return Expectation(tree, cover, x[f] <= tree.NumericalSplitThresholds[node] ? l : r, x, subset);
        return (cover[l] * Expectation(tree, cover, l, x, subset) + cover[r] * Expectation(tree, cover, r, x, subset)) / cover[node];
    }

    private static double[] BruteForce(IReadOnlyList<MlTree> trees, IReadOnlyList<double[]> covers, float[] x)
    {
        var n = x.Length;
        var value = new double[1 << n];
        for (var s = 0; s < value.Length; s++)
            for (var t = 0; t < trees.Count; t++) value[s] += Expectation(trees[t], covers[t], 0, x, s);
        return Explainers.BruteForceShapley.FromValues(value, n);
    }
}
