using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Tabular;
using Spectre.Console;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab explain --model FILE --method treeshap|terms|pfi [--rows FILE.csv] [--out FILE.csv] [--json]</c>:
/// explains a MisuseLab or XGBoost model on adult.test (or on given rows) and reports global importance.
/// A <c>.zip</c> is an ML.NET model (<see cref="MlNetExplain"/>): treeshap or pfi, [--background FILE.csv] for the
/// rows whose routing gives the trees' covers, [--slots] for one value per features-vector slot, [--label NAME].
/// </summary>
public static class ExplainCommand
{
    public const string TreeShapMethod = "treeshap";
    public const string TermsMethod = "terms";
    public const string PfiMethod = "pfi";

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model file: MisuseLab's JSON (misuselab train --out), XGBoost's save_model JSON, or an ML.NET model .zip (MLContext.Model.Save with its input schema).", Required = true };
        var method = new Option<string>("--method") { Description = "treeshap (tree ensembles), terms (EBM) or pfi (any model; needs labels).", Required = true };
        method.AcceptOnlyFromAmong(TreeShapMethod, TermsMethod, PfiMethod);
        var rows = new Option<FileInfo?>("--rows") { Description = "CSV of rows to explain; its header names the model's features (empty cell = missing; optional income/label column). Default: adult.test." };
        var output = new Option<FileInfo?>("--out") { Description = "CSV to write: one row per explained row, one column per feature, then bias (PFI: one row per feature and metric)." };
        var repeats = new Option<int>("--repeats") { Description = "PFI: shuffles per feature.", DefaultValueFactory = _ => new PermutationImportanceOptions().Repeats };
        var seed = new Option<int>("--seed") { Description = "PFI: seed of the shuffles.", DefaultValueFactory = _ => 42 };
        var background = new Option<FileInfo?>("--background") { Description = "ML.NET models: CSV of rows routed through the trees to recompute node covers (default: adult.data for Adult models, else the explained rows)." };
        var slots = new Option<bool>("--slots") { Description = "ML.NET models: one TreeSHAP value per features-vector slot instead of per input column (one-hot slots are otherwise summed into their column)." };
        var label = new Option<string>("--label") { Description = "ML.NET models: the Boolean label column's name in the input schema and CSVs.", DefaultValueFactory = _ => "Label" };
        var dataDir = DataCommand.DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("explain", "Explain a model: exact TreeSHAP, EBM term contributions, or permutation feature importance.");
        foreach (var option in (Option[])[model, method, rows, output, repeats, seed, background, slots, label, dataDir, json]) command.Options.Add(option);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, writer =>
        {
            var modelPath = parseResult.GetValue(model)!.FullName;
            var pfi = new PermutationImportanceOptions { Repeats = parseResult.GetValue(repeats), Seed = parseResult.GetValue(seed) };
            ExplainResult result;
            if (modelPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                result = MlNetExplain.Run(new MlNetExplain.Request(modelPath, parseResult.GetValue(method)!, parseResult.GetValue(rows)?.FullName,
                    parseResult.GetValue(background)?.FullName, parseResult.GetValue(slots), parseResult.GetValue(label)!, parseResult.GetValue(dataDir), pfi));
            }
            else
            {
                var classifier = ModelFiles.Load(modelPath);
                var (frame, labels) = Rows(classifier.Schema, parseResult.GetValue(rows), parseResult.GetValue(dataDir));
                result = Explain(classifier, parseResult.GetValue(method)!, frame, labels, pfi);
            }
            if (parseResult.GetValue(output) is { } file) result.WriteCsv(file.FullName);
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(writer, result.ToJson());
            else result.WriteTable(writer);
            return CommandRunner.Success;
        }));
        return command;
    }

    private static (Frame Frame, bool[]? Labels) Rows(FeatureSchema schema, FileInfo? rows, string? dataDir)
    {
        if (rows is not null)
        {
            var read = FrameCsv.Read(rows.FullName, schema);
            return (read.Features, read.Labels);
        }
        var test = AdultLoader.Load(AdultDataLocator.Resolve(dataDir)).Test;
        return (AdultFrames.InSchema(test, schema), test.Labels);
    }

    internal static ExplainResult Explain(IBinaryClassifier model, string method, Frame frame, bool[]? labels, PermutationImportanceOptions pfi)
    {
        var stopwatch = Stopwatch.StartNew();
        switch (method)
        {
            case TreeShapMethod:
            {
                var ensemble = model as TreeEnsembleModel ?? throw new ArgumentException($"--method treeshap explains tree ensembles; this model is an {Kind(model)}. Use --method terms or pfi.");
                var shap = TreeShap.Explain(ensemble, frame);
                return new ExplainResult(method, frame.RowCount, stopwatch.Elapsed.TotalSeconds, shap, shap.MaxAdditivityError, GlobalImportance.FromAttributions(shap), null);
            }
            case TermsMethod:
            {
                var ebm = model as EbmModel ?? throw new ArgumentException($"--method terms explains EBMs; this model is a {Kind(model)}. Use --method treeshap or pfi.");
                var terms = EbmTerms.Explain(ebm, frame);
                return new ExplainResult(method, frame.RowCount, stopwatch.Elapsed.TotalSeconds, terms, MaxAdditivityError(terms), GlobalImportance.FromAttributions(terms), null);
            }
            case PfiMethod:
            {
                if (labels is null) throw new ArgumentException($"--method pfi needs labels: add an {string.Join(" or ", FrameCsv.LabelColumns)} column to --rows, or omit --rows to use adult.test.");
                var result = PermutationImportance.Compute(model, frame, labels, pfi);
                return new ExplainResult(method, frame.RowCount, stopwatch.Elapsed.TotalSeconds, null, null, GlobalImportance.FromPermutation(result), result);
            }
            default:
                throw new ArgumentException($"--method '{method}': expected {TreeShapMethod}, {TermsMethod} or {PfiMethod}.");
        }
    }

    private static string Kind(IBinaryClassifier model) => model is EbmModel ? "EBM" : model is TreeEnsembleModel ? "tree ensemble" : model.GetType().Name;

    /// <summary>Largest |base + Σ contributions − output| over the rows, computed here rather than trusted.</summary>
    private static double MaxAdditivityError(ILocalAttributions attributions)
    {
        var max = 0.0;
        for (var i = 0; i < attributions.RowCount; i++)
        {
            var sum = attributions.BaseValue;
            foreach (var value in attributions.Row(i)) sum += value;
            max = Math.Max(max, Math.Abs(sum - attributions.ModelOutputs[i]));
        }
        return max;
    }

    internal sealed record ExplainResult(
        string Method, int Rows, double Seconds, ILocalAttributions? Local, double? AdditivityError,
        IReadOnlyList<FeatureImportance> Global, PermutationImportanceResult? Permutation)
    {
        /// <summary>Method-specific fields added to the JSON (ML.NET: predictor, target, level, cover source and rows).</summary>
        public JsonObject? Extra { get; init; }

        private IEnumerable<FeatureImportance> Ranked => Global.OrderByDescending(g => g.Importance).ThenBy(g => g.Name, StringComparer.Ordinal);

        public JsonObject ToJson()
        {
            var global = new JsonArray();
            foreach (var g in Ranked)
            {
                var entry = new JsonObject { ["feature"] = g.Name, ["importance"] = g.Importance };
                if (Permutation is not null)
                {
                    entry["low"] = g.Lower;
                    entry["high"] = g.Upper;
                    var metrics = new JsonObject();
                    foreach (var d in Permutation.Features[g.Feature].Metrics)
                        metrics[d.Metric] = new JsonObject { ["mean"] = d.Mean, ["sd"] = d.StandardDeviation, ["se"] = d.StandardError, ["low"] = d.Lower, ["high"] = d.Upper };
                    entry["delta"] = metrics;
                }
                global.Add(entry);
            }
            var json = new JsonObject
            {
                ["method"] = Method,
                ["rows"] = Rows,
                ["seconds"] = Seconds,
                ["rows_per_second"] = Seconds > 0 ? Rows / Seconds : null,
                ["additivity_max_abs_error"] = AdditivityError,
                ["global"] = global,
            };
            foreach (var (key, value) in Extra ?? []) json[key] = value?.DeepClone();
            if (Permutation is not null)
            {
                json["repeats"] = Permutation.Repeats;
                json["baseline"] = new JsonObject(Permutation.Baseline.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
            }
            return json;
        }

        public void WriteCsv(string path)
        {
            if (Local is { } local)
            {
                FrameCsv.WriteAttributions(path, local.Schema, local.RowCount, (i, f) => local[i, f], local.BaseValue);
                return;
            }
            using var writer = CsvWriter.ToFile(path, new CsvWriterOptions());
            writer.WriteHeader(["feature", "metric", "mean", "sd", "se", "low", "high"]);
            foreach (var feature in Permutation!.Features)
            {
                foreach (var d in feature.Metrics)
                {
                    writer.WriteField(feature.Name);
                    writer.WriteField(d.Metric);
                    foreach (var v in (double[])[d.Mean, d.StandardDeviation, d.StandardError, d.Lower, d.Upper]) writer.WriteField(v, "R");
                    writer.EndRecord();
                }
            }
        }

        public void WriteTable(TextWriter writer)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Method}: {Rows:N0} rows in {Seconds:F3} s{(AdditivityError is { } e ? $", additivity error ≤ {e:E1}" : "")}"));
            var table = new Table().AddColumn("feature").AddColumn(new TableColumn(Permutation is null ? "mean |attribution|" : "AUC drop").RightAligned());
            if (Permutation is not null) table.AddColumn(new TableColumn("95% interval").RightAligned());
            foreach (var g in Ranked)
            {
                var cells = new List<string> { Markup.Escape(g.Name), g.Importance.ToString("G4", CultureInfo.InvariantCulture) };
                if (Permutation is not null) cells.Add(string.Create(CultureInfo.InvariantCulture, $"[{g.Lower:G3}, {g.Upper:G3}]"));
                table.AddRow([.. cells]);
            }
            CommandRunner.Console(writer).Write(table);
        }
    }
}
