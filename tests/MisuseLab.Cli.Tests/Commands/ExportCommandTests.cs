using System.CommandLine;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.Cli.Commands;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Migrations;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private string Out => Path.Combine(_db.Folder, "export");

    private async Task<ExportSeed> SeedAsync()
    {
        var connections = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);
        await new MigrationRunner(connections).ApplyAsync();
        return await ExportSeed.CreateAsync(connections);
    }

    private static CliRun Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ExportCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Misuselab_export_writes_every_file_from_the_configured_database()
    {
        var seed = await SeedAsync();

        // The real binary: Program.cs registers the command.
        var run = CliHarness.RunProcess("export", "--study", "demo", "--out", Out, "--connection", _db.Connection);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 participants", run.Output);
        Assert.Equal(["README.txt", "analysis.R", "analysis.json", "answers.json", "audit-head.txt", "codebook.csv", "events.csv", "participants.csv", "responses.csv", "stimuli", "stimuli.csv", "study.json"],
            Directory.GetFileSystemEntries(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The export's anchor is the entry recording this export.
        var head = AuditHead.Parse((await File.ReadAllTextAsync(Path.Combine(Out, "audit-head.txt"))).TrimEnd('\n'));
        var exported = Assert.Single(await new AuditLog(DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder)).ReadAsync(head.Seq, 1));
        Assert.Equal(("study.exported", head.Hash), (exported.Action, exported.Hash));
        var csv = PythonCsv.ReadFolder(Out);
        Assert.Equal(seed.Participants.Take(2).Select(p => p.Pseudonym), csv["participants.csv"].Rows.Select(r => r["pseudonym"]));
        Assert.Equal(4, csv["responses.csv"].Rows.Count);
        Assert.Equal(seed.GlobalByCell.Values.Select(s => s.Sha256).Order(), Directory.GetFiles(Path.Combine(Out, "stimuli")).Select(Path.GetFileNameWithoutExtension).Order());
    }

    [Fact]
    public async Task Include_withdrawn_finds_nothing_of_an_erased_participant()
    {
        var seed = await SeedAsync();

        var run = Invoke("export", "--study", "demo", "--out", Out, "--include-withdrawn", "--connection", _db.Connection);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(PythonCsv.ReadFolder(Out)["participants.csv"].Rows, r => r["pseudonym"] == seed.Participants[2].Pseudonym);
    }

    [Fact]
    public async Task An_unknown_study_or_a_used_folder_fails_with_a_message_and_writes_nothing()
    {
        await SeedAsync();

        var unknown = Invoke("export", "--study", "kaur2020", "--out", Out, "--connection", _db.Connection);
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "keep.txt"), "mine");
        var used = Invoke("export", "--study", "demo", "--out", Out, "--connection", _db.Connection);

        Assert.Equal((1, 1), (unknown.ExitCode, used.ExitCode));
        Assert.Contains("No study 'kaur2020'", unknown.Error);
        Assert.Contains("is not empty", used.Error);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(Out).Select(Path.GetFileName));
    }

    public void Dispose() => _db.Dispose();
}
