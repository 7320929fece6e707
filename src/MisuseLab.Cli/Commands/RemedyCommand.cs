using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab remedy --study FILE --cell ID (--choose ID,ID,… | --each) [--json] [--data-dir D]</c>: what a
/// participant choosing those fixes would score on the clean test set (auc, log_loss, accuracy, auc_gain,
/// model_sha256), so an author can try a menu before launch. <c>--each</c> scores every option alone, all real
/// fixes together (the oracle's choice) and every option together.
/// </summary>
public static class RemedyCommand
{
    public static Command Create()
    {
        var study = new Option<string>("--study") { Description = "The study file whose remedy menu to try.", Required = true };
        var cell = new Option<string>("--cell") { Description = "The cell whose model is retrained.", Required = true };
        var choose = new Option<string?>("--choose") { Description = "Comma-separated remedy ids from the study's menu (empty: no fix)." };
        var each = new Option<bool>("--each") { Description = "Score every option alone, the oracle's choice and every option together." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var dataDir = DataCommand.DataDirOption();
        var command = new Command("remedy", "Score a choice of fixes from a study's remedy menu on the clean test data.");
        foreach (var o in new Option[] { study, cell, choose, each, json, dataDir }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(choose) is null) == !result.GetValue(each))
                result.AddError("Expected exactly one of --choose and --each.");
        });
        command.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var definition = StudyDefinitionLoader.Load(parseResult.GetValue(study)!);
            var cellId = parseResult.GetValue(cell)!;
            if (!definition.Conditions.Cells.Any(c => c.Id == cellId))
                throw new ArgumentException($"--cell: expected a cell of study '{definition.Id}' ({string.Join(", ", definition.Conditions.Cells.Select(c => c.Id))}); found '{cellId}'.");
            var menu = definition.RemedyMenu();
            if (menu.Options.Count == 0) throw new ArgumentException($"{parseResult.GetValue(study)}: expected a \"remedies\" menu; the study has none.");
            // Unknown ids fail before any model is trained.
            var chosen = parseResult.GetValue(choose) is { } list
                ? menu.Resolve(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                : null;
            var data = StudyData.Prepare(definition.Data, AdultDataLocator.Resolve(parseResult.GetValue(dataDir)));
            var scorer = new RemedyScorer(data, definition.Model(definition.Cell(cellId).Model), menu);

            var results = new List<(string Name, RemedyScore Score)>();
            if (parseResult.GetValue(each))
            {
                results.Add(("none", scorer.Unfixed));
                foreach (var option in menu.Options) results.Add((option.Id, scorer.Score([option])));
                results.Add(("oracle", scorer.Score(menu.Oracle(definition.Data.Defects.Select(d => d.Name)))));
                results.Add(("all", scorer.Score(menu.Options)));
            }
            else
            {
                results.Add(("choice", scorer.Score(chosen!)));
            }

            if (parseResult.GetValue(json))
            {
                if (results.Count == 1) CommandRunner.WriteJson(output, ToJson(results[0].Score));
                else
                {
                    var array = new JsonArray();
                    foreach (var (name, score) in results)
                    {
                        var o = ToJson(score);
                        o.Insert(0, "name", name);
                        array.Add(o);
                    }
                    CommandRunner.WriteJson(output, new JsonObject { ["study"] = definition.Id, ["cell"] = cellId, ["unfixed_auc"] = scorer.Unfixed.Auc, ["results"] = array });
                }
            }
            else
            {
                foreach (var (name, score) in results)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name,-28} auc {score.Auc:F4} (gain {(score.AucGain >= 0 ? "+" : "")}{score.AucGain:F4}) log-loss {score.LogLoss:F4} accuracy {score.Accuracy:F4} rows {score.TrainRows} model {score.ModelSha256[..12]}"));
            }
            return CommandRunner.Success;
        }));
        return command;
    }

    internal static JsonObject ToJson(RemedyScore score) => (JsonObject)JsonNode.Parse(score.ToJson())!;
}
