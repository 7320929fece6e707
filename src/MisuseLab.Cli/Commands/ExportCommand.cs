using System.CommandLine;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab export --study SLUG --out DIR [--include-withdrawn]</c>: writes the study's responses, participants,
/// events, codebook, frozen definition and stimuli into DIR (new or empty), as the Analyst area's export.zip holds them.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export a study's data for analysis (CSV files, codebook, study.json, stimuli).");
        var study = new Option<string>("--study") { Description = "Study slug (the study file's id).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write into; must be new or empty.", Required = true };
        var includeWithdrawn = new Option<bool>("--include-withdrawn")
        {
            Description = "Keep withdrawn participants in participants.csv (flagged by the 'withdrawn' column); their answers were deleted at withdrawal.",
        };
        var includePilot = new Option<bool>("--include-pilot")
        {
            Description = "Keep pilot participants (enrolled with a pilot's invite codes) in every file, flagged by participants.csv's 'pilot' column; they then count in analysis.json too.",
        };
        command.Options.Add(study);
        command.Options.Add(output);
        command.Options.Add(includeWithdrawn);
        command.Options.Add(includePilot);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async writer =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: false, cancellationToken);
            var data = await StudyDatasetLoader.Create(connections).LoadAsync(parseResult.GetValue(study)!,
                new DatasetOptions(parseResult.GetValue(includeWithdrawn), parseResult.GetValue(includePilot)), cancellationToken);
            var target = new DirectoryExportTarget(parseResult.GetValue(output)!);
            // Recorded like a web export; the entry's seq and hash go into the export as its audit anchor.
            var exported = await new AuditLog(connections, DatabaseCliOptions.AuditKeys(parseResult)).AppendAsync(AuditActor.System("cli"), "study.exported",
                $"study/{data.Version.Slug}/version/{data.Version.Id}",
                JsonSerializer.Serialize(new { participants = data.Participants.Count, include_withdrawn = parseResult.GetValue(includeWithdrawn), include_pilot = parseResult.GetValue(includePilot) }), cancellationToken);
            var summary = StudyExporter.Write(data, target, new AuditHead(exported.Seq, exported.Hash));
            await writer.WriteLineAsync(
                $"Exported {summary.Slug} {summary.Version} (study hash {summary.StudyHash}): {summary.Participants} participants, " +
                $"{summary.Responses} responses, {summary.Events} events, {summary.Stimuli} stimuli, {summary.Files.Count} files in {target.Directory}.");
            return 0;
        }));
        return command;
    }
}
