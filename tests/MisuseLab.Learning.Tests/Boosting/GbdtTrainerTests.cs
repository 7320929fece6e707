using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;

namespace MisuseLab.Learning.Tests.Boosting;

public class GbdtTrainerTests
{
    [Fact]
    public void Training_log_loss_falls_with_every_added_tree()
    {
        var (frame, labels) = SyntheticData.Make(3000, seed: 1);
        var model = new GbdtTrainer(new GbdtOptions { NumberOfTrees = 40 }).Train(frame, labels);

        var previous = double.PositiveInfinity;
        for (var k = 0; k <= model.Trees.Length; k++)
        {
            var prefix = model.WithTrees(model.Trees.Take(k));
            var loss = LogLoss.Compute(labels, Logistic.Sigmoid(prefix.PredictRaw(frame)));
            Assert.True(loss < previous, $"Loss after {k} trees is {loss}; after {k - 1} it was {previous}.");
            previous = loss;
        }
    }

    [Fact]
    public void The_first_tree_holds_newton_leaf_values_and_hessian_covers_of_the_rows_a_hand_walk_sends_to_each_node()
    {
        var (frame, labels) = SyntheticData.Make(2000, seed: 2);
        var options = new GbdtOptions { NumberOfTrees = 1, NumberOfLeaves = 8, L2Regularization = 2, LearningRate = 0.3 };
        var model = new GbdtTrainer(options).Train(frame, labels);
        var tree = model.Trees[0];

        var rate = labels.Count(l => l) / (double)labels.Length;
        Assert.Equal(Math.Log(rate / (1 - rate)), model.BaseScore, 12);
        // At the base score every row has p = rate: gradient p − y, hessian p(1 − p).
        var gradient = new double[tree.NodeCount];
        var hessian = new double[tree.NodeCount];
        var count = new int[tree.NodeCount];
        for (var i = 0; i < frame.RowCount; i++)
        {
            var row = frame.Row(i);
            foreach (var node in HandWalk(tree, row))
            {
                gradient[node] += rate - (labels[i] ? 1 : 0);
                hessian[node] += rate * (1 - rate);
                count[node]++;
            }
            var leaf = HandWalk(tree, row)[^1];
            Assert.Equal(model.BaseScore + tree.Value[leaf], model.PredictRaw(row));
        }
        Assert.Equal(8, Enumerable.Range(0, tree.NodeCount).Count(tree.IsLeaf));
        for (var node = 0; node < tree.NodeCount; node++)
        {
            Assert.Equal(hessian[node], tree.Cover[node], 1e-9);
            if (!tree.IsLeaf(node)) continue;
            Assert.True(count[node] >= options.MinimumExampleCountPerLeaf, $"Leaf {node} holds {count[node]} rows.");
            Assert.Equal(-options.LearningRate * gradient[node] / (hessian[node] + options.L2Regularization), tree.Value[node], 1e-12);
        }
    }

    /// <summary>The nodes a row visits, by the documented routing rules, written independently of RegressionTree.</summary>
    private static List<int> HandWalk(RegressionTree tree, double[] row)
    {
        var path = new List<int> { 0 };
        var node = 0;
        while (tree.Left[node] >= 0)
        {
            var x = row[tree.Feature[node]];
            bool left;
            if (double.IsNaN(x)) left = tree.DefaultLeft[node];
            else if (tree.LeftCategories[node].Length > 0) left = tree.LeftCategories[node].Contains((int)x);
            else left = x < tree.Threshold[node];
            node = left ? tree.Left[node] : tree.Right[node];
            path.Add(node);
        }
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Missing_values_default_to_the_side_whose_labels_they_share(bool missingLabel)
    {
        // x < 0.5 is negative, x ≥ 0.5 positive; missing rows all carry missingLabel.
        var random = new Random(3);
        var x = new double[1000];
        var labels = new bool[1000];
        for (var i = 0; i < x.Length; i++)
        {
            if (i % 5 == 0) { x[i] = double.NaN; labels[i] = missingLabel; continue; }
            x[i] = random.NextDouble();
            labels[i] = x[i] >= 0.5;
        }
        var frame = new Frame(new FeatureSchema([FeatureSpec.Numeric("x")]), [x]);
        var model = new GbdtTrainer(new GbdtOptions { NumberOfTrees = 1, NumberOfLeaves = 2 }).Train(frame, labels);

        var root = model.Trees[0];
        Assert.False(root.IsLeaf(0));
        Assert.InRange(root.Threshold[0], 0.49, 0.51);
        // Left holds x < threshold, the negatives: missing rows go left exactly when they are negative.
        Assert.Equal(!missingLabel, root.DefaultLeft[0]);
        var missingMargin = model.PredictRaw([double.NaN]);
        Assert.Equal(missingLabel, missingMargin > model.BaseScore);
    }

    [Fact]
    public void A_categorical_split_puts_categories_with_the_same_labels_together_in_one_split()
    {
        // Categories a (0) and c (2) are mostly positive, b (1) mostly negative: no threshold on the
        // category index separates them, one category-set split does.
        var schema = new FeatureSchema([FeatureSpec.Categorical("letter", ["a", "b", "c"]), FeatureSpec.Numeric("noise")]);
        var random = new Random(4);
        var letter = new double[900];
        var noise = new double[900];
        var labels = new bool[900];
        for (var i = 0; i < letter.Length; i++)
        {
            letter[i] = i % 3;
            noise[i] = random.NextDouble();
            labels[i] = random.NextDouble() < (letter[i] == 1 ? 0.1 : 0.9);
        }
        var model = new GbdtTrainer(new GbdtOptions { NumberOfTrees = 1, NumberOfLeaves = 2 })
            .Train(new Frame(schema, [letter, noise]), labels);

        var tree = model.Trees[0];
        Assert.Equal(3, tree.NodeCount);
        Assert.Equal(0, tree.Feature[0]);
        Assert.True(tree.IsCategoricalSplit(0));
        var left = tree.LeftCategories[0].ToArray();
        Assert.True(left.SequenceEqual([0, 2]) || left.SequenceEqual([1]), $"Left categories: {string.Join(",", left)}.");
        Assert.Equal(tree.Predict([0, 0.5]), tree.Predict([2, 0.5]));
        Assert.NotEqual(tree.Predict([0, 0.5]), tree.Predict([1, 0.5]));
    }

    [Fact]
    public void Numeric_thresholds_are_training_bin_cuts_in_original_units()
    {
        var (frame, labels) = SyntheticData.Make(1500, seed: 5);
        var model = new GbdtTrainer(new GbdtOptions { NumberOfTrees = 10 }).Train(frame, labels);
        Assert.NotNull(model.Bins);
        foreach (var tree in model.Trees)
        {
            for (var n = 0; n < tree.NodeCount; n++)
            {
                if (tree.IsLeaf(n) || tree.IsCategoricalSplit(n)) continue;
                Assert.Contains(tree.Threshold[n], model.Bins!.Features[tree.Feature[n]].Cuts);
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_models_and_another_seed_a_different_one_when_sampling()
    {
        var (frame, labels) = SyntheticData.Make(2000, seed: 6);
        var sampled = new GbdtOptions { NumberOfTrees = 15, RowSubsampleFraction = 0.7, FeatureFraction = 0.75, Seed = 11 };
        string Hash(GbdtOptions o) => ModelJson.Sha256Hex(ModelJson.Serialize(new GbdtTrainer(o).Train(frame, labels)));

        Assert.Equal(Hash(sampled), Hash(sampled));
        Assert.NotEqual(Hash(sampled), Hash(sampled with { Seed = 12 }));
        Assert.Equal(Hash(new GbdtOptions { NumberOfTrees = 15 }), Hash(new GbdtOptions { NumberOfTrees = 15 }));
    }

    [Fact]
    public void The_model_does_not_depend_on_the_number_of_threads()
    {
        var (frame, labels) = SyntheticData.Make(20000, seed: 7); // large enough to build histograms in parallel
        string Hash(int threads) => ModelJson.Sha256Hex(ModelJson.Serialize(
            new GbdtTrainer(new GbdtOptions { NumberOfTrees = 5, MaxDegreeOfParallelism = threads }).Train(frame, labels)));
        Assert.Equal(Hash(1), Hash(2));
    }

    [Fact]
    public void Subsampled_training_still_fits_the_signal()
    {
        var (frame, labels) = SyntheticData.Make(3000, seed: 8);
        var (test, testLabels) = SyntheticData.Make(3000, seed: 9);
        var model = new GbdtTrainer(new GbdtOptions { NumberOfTrees = 30, RowSubsampleFraction = 0.5, FeatureFraction = 0.5 }).Train(frame, labels);
        // The generating model's own AUC on such data is about 0.9; a working learner gets close.
        Assert.True(RocAuc.Compute(testLabels, model.PredictRaw(test)) > 0.85);
    }

    [Fact]
    public void Progress_reports_each_finished_tree_in_order()
    {
        var (frame, labels) = SyntheticData.Make(500, seed: 10);
        var reported = new List<int>();
        new GbdtTrainer(new GbdtOptions { NumberOfTrees = 4 }).Train(frame, labels, new SynchronousProgress(reported.Add));
        Assert.Equal([1, 2, 3, 4], reported);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    [Fact]
    public void Invalid_options_are_reported_together_by_name()
    {
        var options = new GbdtOptions { NumberOfTrees = 0, LearningRate = 1.5, RowSubsampleFraction = 0, MaximumBinCountPerFeature = 300 };
        var error = Assert.Throws<ArgumentException>(() => new GbdtTrainer(options));
        foreach (var name in (string[])["NumberOfTrees", "LearningRate", "RowSubsampleFraction", "MaximumBinCountPerFeature"])
            Assert.Contains(name, error.Message);
        Assert.DoesNotContain("NumberOfLeaves", error.Message);
    }

    [Fact]
    public void Training_data_without_both_classes_or_with_mismatched_labels_is_refused()
    {
        var (frame, labels) = SyntheticData.Make(100, seed: 11);
        var trainer = new GbdtTrainer();
        Assert.Contains("both classes", Assert.Throws<DataFormatException>(() => trainer.Train(frame, new bool[100])).Message);
        Assert.Contains("one label per row", Assert.Throws<DataFormatException>(() => trainer.Train(frame, labels.AsSpan(1))).Message);
    }
}
