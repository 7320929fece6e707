using System.CommandLine;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.Cli.Commands;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Migrations;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Study.Assignment;
using MisuseLab.TestSupport;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class ParticipantsCommandTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private async Task<(IDbConnectionFactory Connections, ExportSeed Seed)> SeedAsync()
    {
        var connections = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = _db.Connection }, _db.Folder);
        await new MigrationRunner(connections).ApplyAsync();
        return (connections, await ExportSeed.CreateAsync(connections));
    }

    private static CliRun Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ParticipantsCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Deleting_by_completion_code_erases_a_completed_participant_frees_the_slot_and_audits_the_pseudonym()
    {
        var (connections, seed) = await SeedAsync();
        var target = seed.Participants[1];

        var run = Invoke("participants", "delete", "--study", "demo", "--participant", target.CompletionCode!, "--connection", _db.Connection);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(target.Pseudonym, run.Output);
        Assert.Null(await new ParticipantRepository(connections).GetAsync(target.Id));
        Assert.Empty(await DatabaseScan.ReferencesAsync(connections, target.Id, "participant_id", "used_by"));
        Assert.Equal(["audit_log"], await DatabaseScan.TablesContainingAsync(connections, target.Pseudonym));
        Assert.NotEmpty(await new ResponseRepository(connections).ListAnswersAsync(seed.Participants[0].Id)); // the others stay
        var slot = Assert.Single(await new ParticipantRepository(connections).ListSlotsAsync(seed.Version.Id), s => s.Index == target.SlotIndex);
        Assert.Equal(SlotState.Free, slot.State);
        var entry = (await new AuditLog(connections).ReadEntityAsync("study/demo")).Last();
        Assert.Equal((AuditActor.System("cli"), ParticipantWithdrawal.Action), (entry.Actor, entry.Action));
        Assert.Contains("\"reason\":\"request\"", entry.PayloadJson);
    }

    [Fact]
    public async Task An_unknown_participant_or_study_fails_with_a_message_and_changes_nothing()
    {
        var (connections, seed) = await SeedAsync();

        var unknown = Invoke("participants", "delete", "--study", "demo", "--participant", "P-NOSUCHONE0", "--connection", _db.Connection);
        var noStudy = Invoke("participants", "delete", "--study", "kaur2020", "--participant", seed.Participants[0].Pseudonym, "--connection", _db.Connection);

        Assert.Equal((1, 1), (unknown.ExitCode, noStudy.ExitCode));
        Assert.Contains("No participant of study 'demo'", unknown.Error);
        Assert.Contains("No study 'kaur2020'", noStudy.Error);
        Assert.NotNull(await new ParticipantRepository(connections).GetAsync(seed.Participants[0].Id));
    }

    public void Dispose() => _db.Dispose();
}
