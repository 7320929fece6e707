using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.Metrics;
using MisuseLab.Learning.MlNet;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using Spectre.Console;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab train --model gbdt|ebm|fasttree [--seed 42] [--defects none] [--trees N] [--leaves N] [--learning-rate X]
/// [--out FILE|DIR] [--data-dir D] [--json]</c>: trains on adult.data, evaluates on adult.test, and reports the
/// test metrics with the SHA-256 of the model's canonical JSON. <c>fasttree</c> is the ML.NET pipeline
/// (<see cref="FastTreePipeline"/>); its model JSON is the imported ensemble, and ML.NET's own <c>model.zip</c>
/// is written beside it (--out DIR: DIR/model.json and DIR/model.zip; --out FILE.json: FILE.json and model.zip beside).
/// </summary>
public static class TrainCommand
{
    public const string Gbdt = "gbdt";
    public const string Ebm = "ebm";
    public const string FastTree = "fasttree";
    public const string MlNetZip = "model.zip";
    public const string NoDefects = "none";

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model to train: gbdt (our boosted trees), ebm (explainable boosting machine) or fasttree (the ML.NET FastTree pipeline).", Required = true };
        model.AcceptOnlyFromAmong(Gbdt, Ebm, FastTree);
        var seed = new Option<int>("--seed") { Description = "Seed for every random choice of the trainer.", DefaultValueFactory = _ => 42 };
        var defects = new Option<string>("--defects") { Description = "Data defects to inject before training: none, or a preset (kaur2020).", DefaultValueFactory = _ => NoDefects };
        var trees = new Option<int?>("--trees") { Description = $"GBDT: boosting rounds (default {new GbdtOptions().NumberOfTrees}); EBM: most boosting rounds (default {new EbmOptions().MaxRounds})." };
        var leaves = new Option<int?>("--leaves") { Description = $"Leaves per tree (GBDT default {new GbdtOptions().NumberOfLeaves}) or per EBM boosting step (default {new EbmOptions().MaxLeaves})." };
        var learningRate = new Option<double?>("--learning-rate") { Description = FormattableString.Invariant($"Shrinkage per step (GBDT default {new GbdtOptions().LearningRate}, EBM default {new EbmOptions().LearningRate}).") };
        var output = new Option<FileInfo?>("--out") { Description = "Write the model's canonical JSON to this file (fasttree: a directory or a .json file; ML.NET's model.zip goes beside it)." };
        var dataDir = DataCommand.DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object of metrics instead of a summary." };

        var command = new Command("train", "Train a model on UCI Adult (adult.data) and evaluate it on adult.test.");
        foreach (var option in (Option[])[model, seed, defects, trees, leaves, learningRate, output, dataDir, json]) command.Options.Add(option);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, writer =>
        {
            var request = new TrainRequest(
                parseResult.GetValue(model)!,
                parseResult.GetValue(seed),
                parseResult.GetValue(defects)!,
                parseResult.GetValue(trees),
                parseResult.GetValue(leaves),
                parseResult.GetValue(learningRate),
                parseResult.GetValue(output)?.FullName);
            request.Validate();
            var data = AdultLoader.Load(AdultDataLocator.Resolve(parseResult.GetValue(dataDir)));
            var asJson = parseResult.GetValue(json);
            var result = asJson || !IsTerminal(writer)
                ? Run(request, data, progress: null)
                : RunWithProgressBar(request, data, writer);
            if (asJson) CommandRunner.WriteJson(writer, ToJson(result));
            else WriteSummary(writer, result);
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>What to train; <see cref="Validate"/> rejects bad settings before any data is read.</summary>
    internal sealed record TrainRequest(string Model, int Seed, string Defects, int? Trees, int? Leaves, double? LearningRate, string? OutputPath)
    {
        public void Validate()
        {
            if (Defects != NoDefects && !DefectPresets.Names.Contains(Defects))
                throw new ArgumentException($"--defects '{Defects}': expected '{NoDefects}' or a preset ({string.Join(", ", DefectPresets.Names)}).");
            ModelFactory.Validate(Definition());
        }

        /// <summary>
        /// The request as a study file's model: --seed, --trees, --leaves and --learning-rate under the kind's own
        /// hyperparameter names (for an EBM, --trees caps the boosting rounds and --leaves sets the leaves per step),
        /// everything else at the trainer's defaults.
        /// </summary>
        public ModelDefinition Definition()
        {
            var ebm = Model == Ebm;
            var h = new Dictionary<string, double>(StringComparer.Ordinal) { ["seed"] = Seed };
            if (Trees is { } trees) h[ebm ? "max_rounds" : "trees"] = trees;
            if (Leaves is { } leaves) h[ebm ? "max_leaves" : "leaves"] = leaves;
            if (LearningRate is { } rate) h["learning_rate"] = rate;
            return new ModelDefinition(Model, Model, h);
        }

        /// <summary>Trees to build, for the progress bar; null when the trainer does not report progress (EBM, FastTree).</summary>
        public int? Rounds => Model == Gbdt ? Trees ?? new GbdtOptions().NumberOfTrees : null;
    }

    internal sealed record TrainResult(TrainRequest Request, BinaryMetricsReport Test, double TrainSeconds, int TrainRows, int TestRows, string ModelSha256, string? OutputPath, string? MlNetZipPath = null);

    /// <summary>Trains (through <see cref="ModelFactory"/>, like a study's models), evaluates and hashes.</summary>
    internal static TrainResult Run(TrainRequest request, AdultData adult, IProgress<int>? progress)
    {
        // Defects are injected with the same seed as training, so one --seed reproduces the whole run.
        var data = request.Defects == NoDefects
            ? DefectData.From(adult)
            : DefectPipeline.Run(DefectData.From(adult), DefectPresets.Get(request.Defects), request.Seed).Final;
        var stopwatch = Stopwatch.StartNew();
        var model = ModelFactory.Train(request.Definition(), data.Train, data.TrainLabels, progress);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var probabilities = Logistic.Sigmoid(model.PredictRaw(data.Test));
        var report = BinaryMetrics.Evaluate(data.TestLabels, probabilities);
        // An ML.NET model's own JSON is its trees imported into our format (covers from the training rows).
        var bytes = ModelJson.Serialize(model is MlNetBinaryModel mlnet ? mlnet.Ensemble : model);
        string? jsonPath = request.OutputPath, zipPath = null;
        if (request.OutputPath is { } path && model is MlNetBinaryModel saved)
        {
            var isJson = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            var directory = isJson ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
            Directory.CreateDirectory(directory);
            jsonPath = isJson ? path : Path.Combine(directory, "model.json");
            zipPath = Path.Combine(directory, MlNetZip);
            saved.Save(zipPath);
        }
        if (jsonPath is not null) File.WriteAllBytes(jsonPath, bytes);
        return new TrainResult(request, report, seconds, data.Train.RowCount, data.Test.RowCount, ModelJson.Sha256Hex(bytes), jsonPath, zipPath);
    }

    private static TrainResult RunWithProgressBar(TrainRequest request, AdultData data, TextWriter writer)
    {
        TrainResult? result = null;
        CommandRunner.Console(writer).Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"Training {request.Model}", maxValue: request.Rounds ?? 1);
                task.IsIndeterminate = request.Rounds is null;
                result = Run(request, data, new Progress(done => task.Value = done));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Reports synchronously on the training thread (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static bool IsTerminal(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    internal static JsonObject ToJson(TrainResult result) => new()
    {
        ["model"] = result.Request.Model,
        ["seed"] = result.Request.Seed,
        ["defects"] = result.Request.Defects,
        ["auc"] = result.Test.Auc,
        ["accuracy"] = result.Test.Accuracy,
        ["log_loss"] = result.Test.LogLoss,
        ["train_seconds"] = Math.Round(result.TrainSeconds, 3),
        ["n_train"] = result.TrainRows,
        ["n_test"] = result.TestRows,
        ["model_sha256"] = result.ModelSha256,
        ["model_json"] = result.OutputPath,
        ["mlnet_zip"] = result.MlNetZipPath,
    };

    private static void WriteSummary(TextWriter writer, TrainResult result)
    {
        var test = result.Test;
        writer.WriteLine(FormattableString.Invariant($"Trained {result.Request.Model} (seed {result.Request.Seed}, defects {result.Request.Defects}) on {result.TrainRows:N0} rows in {result.TrainSeconds:F2} s."));
        writer.WriteLine(FormattableString.Invariant($"Test ({result.TestRows:N0} rows): AUC {test.Auc:F4}, accuracy {test.Accuracy:F4}, log-loss {test.LogLoss:F4}, F1 {test.F1:F4}."));
        writer.WriteLine($"Model SHA-256: {result.ModelSha256}");
        if (result.OutputPath is { } path) writer.WriteLine($"Model written to {path}");
        if (result.MlNetZipPath is { } zip) writer.WriteLine($"ML.NET model written to {zip}");
    }
}
