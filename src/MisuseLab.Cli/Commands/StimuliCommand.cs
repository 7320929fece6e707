using System.CommandLine;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Learning.MlNet;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab stimuli --study FILE --out DIR [--json]</c>: build every stimulus of a study and write each as &lt;sha256&gt;.json.</summary>
public static class StimuliCommand
{
    public static Command Create()
    {
        var study = new Option<FileInfo>("--study") { Description = "The study file (studies/*.json).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write <sha256>.json files into (created if missing).", Required = true };
        var dataDir = DataCommand.DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object listing every stimulus." };
        var command = new Command("stimuli", "Build every stimulus of a study (trains its models) and write each as <sha256>.json.");
        command.Options.Add(study);
        command.Options.Add(output);
        command.Options.Add(dataDir);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, writer =>
        {
            var asJson = parseResult.GetValue(json);
            var progress = asJson ? null : new Progress<string>(message => parseResult.InvocationConfiguration.Error.WriteLine(message));
            var built = StudyBuilder.BuildFile(parseResult.GetValue(study)!.FullName, AdultDataLocator.Resolve(parseResult.GetValue(dataDir)), progress);
            var directory = parseResult.GetValue(output)!;
            directory.Create();
            var list = new JsonArray();
            foreach (var stimulus in built.Stimuli)
            {
                var bytes = StimulusSerializer.Serialize(stimulus);
                var hash = StimulusSerializer.Hash(stimulus);
                File.WriteAllBytes(Path.Combine(directory.FullName, $"{hash}.json"), bytes);
                list.Add(new JsonObject
                {
                    ["condition"] = stimulus.Condition,
                    ["page"] = stimulus.Page,
                    ["kind"] = stimulus.Payload.Kind,
                    ["sha256"] = hash,
                });
            }
            // The models the stimuli were computed from, written beside them: models/<id>.json (canonical) and, for an
            // ML.NET model, ML.NET's own models/<id>.zip (canonical); each stimulus records their SHA-256 in its "model".
            var models = new JsonArray();
            var modelDirectory = Directory.CreateDirectory(Path.Combine(directory.FullName, "models"));
            foreach (var m in built.Models)
            {
                File.WriteAllBytes(Path.Combine(modelDirectory.FullName, $"{m.Id}.json"), m.ModelJsonBytes);
                string? zip = null;
                if (m.Model is MlNetBinaryModel mlnet)
                {
                    zip = Path.Combine(modelDirectory.FullName, $"{m.Id}.zip");
                    mlnet.Save(zip);
                }
                models.Add(new JsonObject { ["id"] = m.Id, ["kind"] = built.Definition.Model(m.Id).Kind, ["model_sha256"] = m.ModelSha256, ["auc"] = m.Metrics.Auc, ["mlnet_zip"] = zip, ["mlnet_zip_sha256"] = m.MlNetZipSha256 });
            }
            if (asJson)
                CommandRunner.WriteJson(writer, new JsonObject { ["study"] = built.Definition.Id, ["study_sha256"] = built.StudyHash, ["models"] = models, ["stimuli"] = list });
            else
                writer.WriteLine($"{built.Stimuli.Count} stimuli of study '{built.Definition.Id}' written to {directory.FullName}");
            return CommandRunner.Success;
        }));
        return command;
    }
}
