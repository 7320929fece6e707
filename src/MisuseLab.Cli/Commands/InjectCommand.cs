using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Defects;
using Spectre.Console;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab inject (--preset NAME | --spec FILE) --seed N --manifest FILE [--data-dir D] [--json]</c>:
/// applies defects to UCI Adult and writes the manifest of every change.
/// </summary>
public static class InjectCommand
{
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = $"A named defect list: {string.Join(", ", DefectPresets.Names)}." };
        var spec = new Option<FileInfo?>("--spec") { Description = "A JSON file holding a defects array, or an object with a \"defects\" array (the study file format)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the defect pipeline (same seed, same data: same manifest).", DefaultValueFactory = _ => 42 };
        var manifest = new Option<FileInfo>("--manifest") { Description = "Where to write the manifest (JSON).", Required = true };
        var dataDir = DataCommand.DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the counts per defect." };

        var inject = new Command("inject", "Inject data defects into UCI Adult and write a manifest of every change.");
        foreach (var o in new Option[] { preset, spec, seed, manifest, dataDir, json }) inject.Options.Add(o);
        inject.Validators.Add(result =>
        {
            if ((result.GetValue(preset) is null) == (result.GetValue(spec) is null))
                result.AddError("Expected exactly one of --preset and --spec.");
        });
        inject.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var presetName = parseResult.GetValue(preset);
            var specs = presetName is not null ? DefectPresets.Get(presetName) : ReadSpecFile(parseResult.GetValue(spec)!.FullName);
            var data = AdultLoader.Load(AdultDataLocator.Resolve(parseResult.GetValue(dataDir)));
            var run = DefectPipeline.Run(DefectData.From(data), specs, parseResult.GetValue(seed));
            var manifestPath = parseResult.GetValue(manifest)!.FullName;
            DefectManifest.WriteFile(run, manifestPath);

            var counts = run.Steps.Select(DefectCounts.Of).ToArray();
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(output, ToJson(presetName, parseResult.GetValue(spec)?.FullName, run, counts, manifestPath, data.SourceDirectory));
            else WriteTable(output, run, counts, manifestPath);
            return CommandRunner.Success;
        }));
        return inject;
    }

    private static IReadOnlyList<DefectSpec> ReadSpecFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: expected a defects JSON file; no such file.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (!root.TryGetProperty("defects", out var defects))
                throw new DefectSpecException("$.defects", $"{path}: expected a \"defects\" array; the object has none.");
            return DefectSpec.ParseList(defects, "$.defects");
        }
        return DefectSpec.ParseList(root, "$");
    }

    internal static JsonObject ToJson(string? preset, string? specFile, DefectRun run, DefectCounts[] counts, string manifestPath, string source)
    {
        var defects = new JsonArray();
        foreach (var c in counts)
        {
            defects.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["affected_cells"] = c.AffectedCells,
                ["changed_cells"] = c.ChangedCells,
                ["added_rows"] = c.AddedRows,
                ["added_columns"] = c.AddedColumns,
                ["replaced_columns"] = c.ReplacedColumns,
                ["added_categories"] = c.AddedCategories,
            });
        }
        return new JsonObject
        {
            ["preset"] = preset,
            ["spec"] = specFile,
            ["seed"] = run.Seed,
            ["source"] = source,
            ["manifest"] = manifestPath,
            ["train_rows"] = new JsonObject { ["before"] = run.Original.Train.RowCount, ["after"] = run.Final.Train.RowCount },
            ["test_rows"] = new JsonObject { ["before"] = run.Original.Test.RowCount, ["after"] = run.Final.Test.RowCount },
            ["columns"] = new JsonObject { ["before"] = run.Original.Schema.Count, ["after"] = run.Final.Schema.Count },
            ["defects"] = defects,
        };
    }

    private static void WriteTable(TextWriter output, DefectRun run, DefectCounts[] counts, string manifestPath)
    {
        output.WriteLine($"Seed {run.Seed}; train rows {run.Original.Train.RowCount:N0} -> {run.Final.Train.RowCount:N0}; " +
                         $"test rows {run.Final.Test.RowCount:N0}; columns {run.Original.Schema.Count} -> {run.Final.Schema.Count}");
        var table = new Table().AddColumn("defect");
        foreach (var h in new[] { "cells set", "changed", "rows+", "columns+", "recoded", "categories+" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var c in counts)
        {
            table.AddRow(Markup.Escape(c.Name), c.AffectedCells.ToString("N0"), c.ChangedCells.ToString("N0"), c.AddedRows.ToString("N0"),
                c.AddedColumns.ToString("N0"), c.ReplacedColumns.ToString("N0"), c.AddedCategories.ToString("N0"));
        }
        CommandRunner.Console(output).Write(table);
        output.WriteLine($"Manifest: {manifestPath}");
    }
}
