using System.CommandLine;
using System.Text.Json;
using MisuseLab.Cli.Commands;
using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;
using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.MlNet;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class TrainCommandTests
{
    private static CliResult Run(params string[] args) => CliHarness.RunWith([TrainCommand.Create()], args);

    private static JsonElement Json(CliResult result) => CliHarness.Json(result);

    [Fact]
    public void Cli_settings_become_each_kinds_study_hyperparameters_and_the_rest_stay_at_the_trainers_defaults()
    {
        // Expected: the options records written out by hand, each trainer's defaults with only the given fields changed.
        var ebm = new TrainCommand.TrainRequest("ebm", 7, "none", 30, 4, 0.1, null).Definition();
        Assert.Equal(new EbmOptions() with { Seed = 7, MaxRounds = 30, MaxLeaves = 4, LearningRate = 0.1 }, ModelFactory.EbmOptionsFrom(ebm.Hyperparameters));
        var fastTree = new TrainCommand.TrainRequest("fasttree", 3, "none", 12, null, null, null).Definition();
        Assert.Equal(new FastTreeOptions() with { Seed = 3, NumberOfTrees = 12 }, ModelFactory.FastTreeOptionsFrom(fastTree.Hyperparameters));
        var gbdt = new TrainCommand.TrainRequest("gbdt", 42, "none", null, 9, 0.3, null).Definition();
        Assert.Equal(new GbdtOptions() with { Seed = 42, NumberOfLeaves = 9, LearningRate = 0.3 }, ModelFactory.GbdtOptionsFrom(gbdt.Hyperparameters));
        Assert.Contains("NumberOfTrees", Assert.Throws<ArgumentException>(() => new TrainCommand.TrainRequest("gbdt", 1, "none", 0, null, null, null).Validate()).Message);
    }

    [Fact]
    public void Gbdt_with_default_settings_reaches_the_expected_test_accuracy_on_adult()
    {
        var root = Json(Run("train", "--model", "gbdt", "--json"));

        Assert.Equal("gbdt", root.GetProperty("model").GetString());
        Assert.Equal(42, root.GetProperty("seed").GetInt32());
        Assert.Equal("none", root.GetProperty("defects").GetString());
        Assert.Equal(32_561, root.GetProperty("n_train").GetInt32());
        Assert.Equal(16_281, root.GetProperty("n_test").GetInt32());
        // ML.NET FastTree and XGBoost hist with these settings reach AUC ≈ 0.927, accuracy ≈ 0.872.
        Assert.True(root.GetProperty("auc").GetDouble() >= 0.925, $"AUC {root.GetProperty("auc").GetDouble()}");
        Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.868, $"Accuracy {root.GetProperty("accuracy").GetDouble()}");
        Assert.InRange(root.GetProperty("log_loss").GetDouble(), 0.2, 0.35);
        Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("model_sha256").GetString());
    }

    [Fact]
    public void Kaur2020_defects_are_injected_before_training_and_change_the_model()
    {
        var clean = Json(Run("train", "--model", "gbdt", "--trees", "30", "--json"));
        var injected = Json(Run("train", "--model", "gbdt", "--trees", "30", "--defects", "kaur2020", "--json"));

        Assert.Equal("kaur2020", injected.GetProperty("defects").GetString());
        // The paper's defects change values and labels of categories, never the number of rows.
        Assert.Equal(32_561, injected.GetProperty("n_train").GetInt32());
        Assert.Equal(16_281, injected.GetProperty("n_test").GetInt32());
        Assert.NotEqual(clean.GetProperty("model_sha256").GetString(), injected.GetProperty("model_sha256").GetString());
        // The defects are subtle by design: the model stays plausible, which is what makes them worth studying.
        Assert.True(injected.GetProperty("auc").GetDouble() >= 0.9, $"AUC {injected.GetProperty("auc").GetDouble()}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_hash_in_process_and_across_processes()
    {
        string Hash(CliResult result) => Json(result).GetProperty("model_sha256").GetString()!;
        string[] args = ["train", "--model", "gbdt", "--trees", "30", "--seed", "7", "--json"];

        var inProcess = Hash(Run(args));
        Assert.Equal(inProcess, Hash(Run(args)));
        Assert.Equal(inProcess, Hash(CliHarness.RunProcess(args)));
        Assert.Equal(inProcess, Hash(CliHarness.RunProcess(args)));
    }

    [Fact]
    public void The_written_model_file_has_the_reported_hash_and_reproduces_the_reported_metrics()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-train-").FullName, "model.json");
        try
        {
            var root = Json(Run("train", "--model", "gbdt", "--trees", "20", "--leaves", "8", "--learning-rate", "0.3", "--out", file, "--json"));
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(root.GetProperty("model_sha256").GetString(), ModelJson.Sha256Hex(bytes));

            var model = ModelJson.DeserializeTreeEnsemble(bytes);
            Assert.Equal(20, model.Trees.Length);
            Assert.All(model.Trees, tree => Assert.Equal(8, Enumerable.Range(0, tree.NodeCount).Count(tree.IsLeaf)));
            var data = AdultLoader.Load(AdultDataLocator.Resolve(null));
            var report = BinaryMetrics.Evaluate(data.Test.Labels, Logistic.Sigmoid(model.PredictRaw(data.Test.Features)));
            Assert.Equal(root.GetProperty("auc").GetDouble(), report.Auc);
            Assert.Equal(root.GetProperty("log_loss").GetDouble(), report.LogLoss);
        }
        finally { Directory.Delete(Path.GetDirectoryName(file)!, recursive: true); }
    }

    [Fact]
    public void The_summary_names_the_metrics_and_the_hash()
    {
        var result = Run("train", "--model", "gbdt", "--trees", "5");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Trained gbdt (seed 42, defects none) on 32,561 rows", result.Output);
        Assert.Matches(@"AUC 0\.\d{4}, accuracy 0\.\d{4}, log-loss 0\.\d{4}", result.Output);
        Assert.Matches("Model SHA-256: [0-9a-f]{64}", result.Output);
    }

    [Theory]
    [InlineData(new[] { "--model", "gbdt", "--defects", "label-noise" }, "--defects 'label-noise': expected 'none' or a preset (kaur2020)")]
    [InlineData(new[] { "--model", "gbdt", "--trees", "0", "--learning-rate", "2" }, "NumberOfTrees")]
    [InlineData(new[] { "--model", "gbdt", "--data-dir", "/nonexistent/adult" }, "/nonexistent/adult")]
    public void Unusable_requests_fail_with_one_error_line_and_no_output(string[] args, string expected)
    {
        var result = Run(["train", .. args]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Ebm_trains_and_its_file_loads_back_as_an_ebm_with_the_reported_hash_and_metrics()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-train-").FullName, "ebm.json");
        try
        {
            var root = Json(Run("train", "--model", "ebm", "--trees", "40", "--out", file, "--json"));
            Assert.Equal("ebm", root.GetProperty("model").GetString());
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(root.GetProperty("model_sha256").GetString(), ModelJson.Sha256Hex(bytes));

            var model = ModelJson.DeserializeEbm(bytes);
            var data = AdultLoader.Load(AdultDataLocator.Resolve(null));
            var report = BinaryMetrics.Evaluate(data.Test.Labels, Logistic.Sigmoid(model.PredictRaw(data.Test.Features)));
            Assert.Equal(root.GetProperty("auc").GetDouble(), report.Auc);
            Assert.True(report.Auc > 0.85, $"AUC {report.Auc}");
        }
        finally { Directory.Delete(Path.GetDirectoryName(file)!, recursive: true); }
    }

    [Fact]
    public void An_unknown_model_is_refused_by_the_parser()
    {
        var result = Run("train", "--model", "forest");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("forest", result.Error);
    }
}
