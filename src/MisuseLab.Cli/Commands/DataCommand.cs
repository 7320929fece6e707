using System.CommandLine;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Study.Adult;
using Spectre.Console;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab data check [--data-dir D] [--json]</c>: locate, verify and parse the UCI Adult files.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Work with the UCI Adult data files.");
        data.Subcommands.Add(CreateCheck());
        return data;
    }

    /// <summary>Shared by every command that reads the data.</summary>
    public static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Directory holding adult.data, adult.test and adult.names (default: {AdultDataLocator.EnvironmentVariable}, then data/adult, then ../shared/data/adult, else download).",
    };

    private static Command CreateCheck()
    {
        var dataDir = DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var check = new Command("check", "Verify the SHA-256 of every file, parse both splits and report rows and missing values.");
        check.Options.Add(dataDir);
        check.Options.Add(json);
        check.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var directory = AdultDataLocator.Resolve(parseResult.GetValue(dataDir));
            var summary = AdultDataSummary.Of(AdultLoader.Load(directory));
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(output, ToJson(summary));
            else WriteTable(output, summary);
            return CommandRunner.Success;
        }));
        return check;
    }

    internal static JsonObject ToJson(AdultDataSummary summary)
    {
        var missing = new JsonObject();
        foreach (var (feature, count) in summary.TrainMissing) missing[feature] = count;
        return new JsonObject
        {
            ["train_rows"] = summary.TrainRows,
            ["test_rows"] = summary.TestRows,
            // Load throws on any mismatch, so a summary exists only for verified files.
            ["sha256_ok"] = true,
            ["source"] = summary.SourceDirectory,
            ["missing"] = missing,
        };
    }

    private static void WriteTable(TextWriter output, AdultDataSummary summary)
    {
        output.WriteLine($"UCI Adult in {summary.SourceDirectory}");
        output.WriteLine($"SHA-256 verified: {string.Join(", ", AdultChecksums.FileNames)}");
        output.WriteLine($"Rows: {summary.TrainRows:N0} train, {summary.TestRows:N0} test");
        var table = new Table().AddColumn("feature").AddColumn(new TableColumn("missing in train").RightAligned());
        foreach (var (feature, count) in summary.TrainMissing) table.AddRow(Markup.Escape(feature), count.ToString("N0"));
        CommandRunner.Console(output).Write(table);
    }
}
