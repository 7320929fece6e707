using Dapper;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.Study.Assignment;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Participants;

public abstract class ParticipantEraserTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private ParticipantRepository Participants => new(Connections);
    private ParticipantEraser Eraser => new(Connections);

    private async Task<ParticipantRecord> WithEverythingAsync(StudyVersionRecord version, string name)
    {
        var code = "INV-" + name.ToUpperInvariant();
        await Participants.AddInviteCodesAsync(version.StudyId, [code], Now);
        var p = await StudySeed.EnrolAsync(Connections, version, $"{name}@example.org", EntryKind.Invite, code);
        var responses = new ResponseRepository(Connections);
        await responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Student " + name }, Now);
        Assert.True(await Participants.ActivateAsync(p.Id));
        await responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("ratings", "why", "because " + name, null), Now);
        await responses.AddEventAsync(p.Id, "ratings", "page.view", "{}", Now);
        return p;
    }

    [Fact]
    public async Task Erasing_leaves_no_trace_of_the_participant_in_any_table_and_keeps_the_others()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var leaver = await WithEverythingAsync(version, "leaver");
        var stayer = await WithEverythingAsync(version, "stayer");
        // A finished participant with a qualitative code: the facilitator erases on request after completion.
        Assert.True(await Participants.CompleteAsync(leaver.Id, "DONE-LEAVER", Now.AddMinutes(5)));
        Assert.True(await new FreeTextCodeRepository(Connections).SetAsync(leaver.Id, "why", "reason-code", Now.AddMinutes(6)));

        var erased = await Eraser.EraseAsync(leaver.Id, onlyInProgress: false, Now.AddMinutes(7));

        Assert.Equal(new ErasedParticipant(version.StudyId, version.Id, leaver.Pseudonym, ParticipantStatus.Completed, 1), erased);
        Assert.Empty(await DatabaseScan.ReferencesAsync(Connections, leaver.Id, "participant_id", "used_by"));
        Assert.Null(await Participants.GetAsync(leaver.Id));
        foreach (var trace in new[] { leaver.Pseudonym, "INV-LEAVER", "because leaver", "Student leaver", "DONE-LEAVER", "reason-code" })
        {
            Assert.Empty(await DatabaseScan.TablesContainingAsync(Connections, trace));
        }
        foreach (var trace in new[] { stayer.Pseudonym, "INV-STAYER", "because stayer", "Student stayer" })
        {
            Assert.NotEmpty(await DatabaseScan.TablesContainingAsync(Connections, trace));
        }
        Assert.Null(await Eraser.EraseAsync(leaver.Id, onlyInProgress: false, Now.AddMinutes(8))); // gone: nothing to erase twice
    }

    [Fact]
    public async Task The_freed_place_goes_to_the_next_newcomer_in_the_same_cell()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var first = await StudySeed.EnrolAsync(Connections, version, "first@example.org");
        var leaver = await StudySeed.EnrolAsync(Connections, version, "leaver@example.org");
        var third = await StudySeed.EnrolAsync(Connections, version, "third@example.org");

        Assert.NotNull(await Eraser.EraseAsync(leaver.Id, onlyInProgress: true, Now.AddMinutes(1)));
        var slots = await Participants.ListSlotsAsync(version.Id);
        Assert.Equal([SlotState.Active, SlotState.Free, SlotState.Active], slots.Select(s => s.State));
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Null(await connection.ExecuteScalarAsync<long?>("SELECT participant_id FROM assignment_slots WHERE slot_index = 1"));
        }
        var newcomer = await StudySeed.EnrolAsync(Connections, version, "newcomer@example.org");
        var fifth = await StudySeed.EnrolAsync(Connections, version, "fifth@example.org");

        // The schedule fixes the cell of slot 1 independently of who held it.
        Assert.Equal((1, PermutedBlockSchedule.ConditionAt(StudySeed.Design, 1)), (newcomer.SlotIndex, newcomer.CellId));
        Assert.Equal(leaver.CellId, newcomer.CellId);
        Assert.Equal(3, fifth.SlotIndex);
        Assert.Equal([first.Id, third.Id, newcomer.Id, fifth.Id], (await Participants.ListByVersionAsync(version.Id)).Select(p => p.Id));
    }

    [Fact]
    public async Task A_participant_s_own_withdrawal_erases_only_a_session_in_progress()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var done = await StudySeed.EnrolAsync(Connections, version, "done@example.org");
        Assert.True(await Participants.ActivateAsync(done.Id));
        Assert.True(await Participants.CompleteAsync(done.Id, "CODE", Now));
        var consented = await StudySeed.EnrolAsync(Connections, version, "consented@example.org");

        Assert.Null(await Eraser.EraseAsync(done.Id, onlyInProgress: true, Now.AddMinutes(1)));
        Assert.NotNull(await Participants.GetAsync(done.Id));
        Assert.Equal(ParticipantStatus.Consented, (await Eraser.EraseAsync(consented.Id, onlyInProgress: true, Now.AddMinutes(1)))!.FormerStatus);
        Assert.Null(await Participants.GetAsync(consented.Id));
    }

    [Fact]
    public async Task Participants_are_found_by_pseudonym_and_completion_code_within_their_study_only()
    {
        var one = await StudySeed.LaunchedVersionAsync(Connections);
        var two = await StudySeed.LaunchedVersionAsync(Connections, "study-two", "hash-2");
        var p = await StudySeed.EnrolAsync(Connections, one, "p@example.org");
        Assert.True(await Participants.ActivateAsync(p.Id));
        Assert.True(await Participants.CompleteAsync(p.Id, "QUOTE123", Now));

        Assert.Equal(p.Id, (await Participants.FindByPseudonymAsync(one.StudyId, p.Pseudonym))!.Id);
        Assert.Null(await Participants.FindByPseudonymAsync(two.StudyId, p.Pseudonym));
        Assert.Equal(p.Id, Assert.Single(await Participants.FindByCompletionCodeAsync(one.StudyId, "QUOTE123")).Id);
        Assert.Empty(await Participants.FindByCompletionCodeAsync(two.StudyId, "QUOTE123"));
    }
}

public sealed class ParticipantEraserSqliteTests(SqliteEngine e) : ParticipantEraserTests<SqliteEngine>(e);
public sealed class ParticipantEraserPostgresTests(PostgresEngine e) : ParticipantEraserTests<PostgresEngine>(e);
