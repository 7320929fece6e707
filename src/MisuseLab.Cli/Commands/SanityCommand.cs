using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Glassbox;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;
using MisuseLab.Study.Adult;
using Spectre.Console;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab sanity --model FILE [--json]</c>: the model- and data-randomization sanity checks (Adebayo et al.
/// 2018) for every explainer that fits the model, on a seeded sample of adult.data.
/// </summary>
public static class SanityCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model file: MisuseLab's JSON or XGBoost's save_model JSON.", Required = true };
        var rows = new Option<int>("--rows") { Description = "Training rows (a seeded sample) the explanations are compared on.", DefaultValueFactory = _ => new SanityCheckOptions().ExplainedRows };
        var seed = new Option<int>("--seed") { Description = "Seed of the sample, the re-drawn parameters and the permuted labels.", DefaultValueFactory = _ => 42 };
        var dataDir = DataCommand.DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("sanity", "Check that each explainer's output changes when the model is randomized or trained on permuted labels.");
        foreach (var option in (Option[])[model, rows, seed, dataDir, json]) command.Options.Add(option);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, writer =>
        {
            var classifier = ModelFiles.Load(parseResult.GetValue(model)!.FullName);
            var train = AdultLoader.Load(AdultDataLocator.Resolve(parseResult.GetValue(dataDir))).Train;
            var frame = AdultFrames.InSchema(train, classifier.Schema);
            var options = new SanityCheckOptions { Seed = parseResult.GetValue(seed), ExplainedRows = parseResult.GetValue(rows) };
            var report = SanityChecks.Run(classifier, frame, train.Labels, Retrainer(classifier), options);
            var summaries = Summarize(report);
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(writer, ToJson(summaries, report));
            else WriteTable(writer, summaries, report);
            return CommandRunner.Success;
        }));
        return command;
    }

    /// <summary>
    /// The data-randomization test retrains the same kind of model, with default settings but the model's size,
    /// on the training rows with permuted labels.
    /// </summary>
    internal static Func<Frame, bool[], IBinaryClassifier> Retrainer(IBinaryClassifier model) => model switch
    {
        TreeEnsembleModel ensemble => (frame, labels) => new GbdtTrainer(new GbdtOptions { NumberOfTrees = Math.Max(1, ensemble.Trees.Length) }).Train(frame, labels),
        EbmModel => (frame, labels) => new EbmTrainer().Fit(frame, labels),
        _ => throw new ArgumentException($"Expected a tree ensemble or an EBM; found {model.GetType().Name}."),
    };

    /// <summary>Short names, as in study files and `explain --method`.</summary>
    internal static string ShortName(string explainer) => explainer switch
    {
        "TreeSHAP" => ExplainCommand.TreeShapMethod,
        "EBM terms" => ExplainCommand.TermsMethod,
        "Permutation importance" => ExplainCommand.PfiMethod,
        _ => explainer,
    };

    internal sealed record Summary(string Explainer, SanityCheckResult? Model, SanityCheckResult? Data)
    {
        public ExplanationAgreement? FullyRandomized => Model?.Steps[^1].Agreement;
        public bool Passed => (Model?.Passed ?? true) && (Data?.Passed ?? true);
    }

    internal static IReadOnlyList<Summary> Summarize(SanityReport report) =>
        [.. report.Results.GroupBy(r => r.Explainer).Select(g => new Summary(
            ShortName(g.Key),
            g.FirstOrDefault(r => r.Test == SanityChecks.ModelRandomization),
            g.FirstOrDefault(r => r.Test == SanityChecks.DataRandomization)))];

    internal static JsonObject ToJson(IReadOnlyList<Summary> summaries, SanityReport report)
    {
        var explainers = new JsonArray();
        foreach (var s in summaries)
        {
            var cascade = new JsonArray();
            foreach (var step in s.Model?.Steps ?? [])
                cascade.Add(new JsonObject
                {
                    ["randomized"] = step.Description,
                    ["spearman"] = Finite(step.Agreement.GlobalSpearman),
                    ["kendall_tau"] = Finite(step.Agreement.GlobalKendall),
                    ["top5_overlap"] = Finite(step.Agreement.TopKOverlap),
                    ["local_spearman"] = step.Agreement.LocalSpearman is { } l ? Finite(l) : null,
                });
            explainers.Add(new JsonObject
            {
                ["explainer"] = s.Explainer,
                ["spearman_randomized_model"] = s.FullyRandomized is { } a ? Finite(a.GlobalSpearman) : null,
                ["spearman_permuted_labels"] = s.Data is { } d ? Finite(d.Steps[^1].Agreement.GlobalSpearman) : null,
                // Whether the retrained model fit its random labels at all (≈ 0.5: it did not, and the data test says little).
                ["retrained_training_auc"] = s.Data?.RetrainedTrainingAuc is { } auc ? Finite(auc) : null,
                ["kendall_tau_randomized_model"] = s.FullyRandomized is { } k ? Finite(k.GlobalKendall) : null,
                ["top5_overlap_randomized_model"] = s.FullyRandomized is { } t ? Finite(t.TopKOverlap) : null,
                ["passed"] = s.Passed,
                ["criterion"] = s.Model?.Criterion ?? s.Data?.Criterion,
                ["cascade"] = cascade,
            });
        }
        return new JsonObject { ["seed"] = report.Seed, ["rows"] = report.ExplainedRows, ["explainers"] = explainers };
    }

    /// <summary>A correlation is undefined (NaN) when one side is constant; JSON has no NaN, so it is null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static void WriteTable(TextWriter writer, IReadOnlyList<Summary> summaries, SanityReport report)
    {
        writer.WriteLine($"Sanity checks on {report.ExplainedRows} training rows (seed {report.Seed}); an explainer passes when its explanations change.");
        var table = new Table().AddColumn("explainer").AddColumn("ρ randomized model").AddColumn("ρ permuted labels").AddColumn("τ randomized").AddColumn("top-5 overlap").AddColumn("passed");
        string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "–";
        foreach (var s in summaries)
            table.AddRow(s.Explainer, F(s.FullyRandomized?.GlobalSpearman), F(s.Data?.Steps[^1].Agreement.GlobalSpearman),
                F(s.FullyRandomized?.GlobalKendall), F(s.FullyRandomized?.TopKOverlap), s.Passed ? "yes" : "NO");
        CommandRunner.Console(writer).Write(table);
        if (summaries.FirstOrDefault()?.Model?.Criterion is { } criterion) writer.WriteLine($"Criterion: {criterion}");
    }
}
