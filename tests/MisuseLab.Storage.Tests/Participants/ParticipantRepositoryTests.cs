using Dapper;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.Study.Assignment;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Participants;

public abstract class ParticipantRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private ParticipantRepository Participants => new(Connections);

    [Fact]
    public async Task Newcomers_get_the_schedule_s_cells_in_order_with_random_pseudonyms()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var enrolled = new List<ParticipantRecord>();
        for (var i = 0; i < 6; i++)
        {
            enrolled.Add(await StudySeed.EnrolAsync(Connections, version, $"person{i}@example.org"));
        }

        var expected = PermutedBlockSchedule.Block(StudySeed.Design, 0).Concat(PermutedBlockSchedule.Block(StudySeed.Design, 1));
        Assert.Equal(expected, enrolled.Select(p => p.CellId));
        Assert.Equal(Enumerable.Range(0, 6), enrolled.Select(p => p.SlotIndex));
        Assert.All(enrolled, p => Assert.Equal(ParticipantStatus.Consented, p.Status));
        Assert.All(enrolled, p => Assert.Matches("^P-[0-9A-HJKMNP-TV-Z]{10}$", p.Pseudonym));
        Assert.Equal(6, enrolled.Select(p => p.Pseudonym).Distinct().Count());
        var slots = await Participants.ListSlotsAsync(version.Id);
        Assert.All(slots, s => Assert.Equal(SlotState.Active, s.State));
        Assert.Equal(enrolled.Select(p => p.CellId), slots.Select(s => s.Condition));
    }

    [Fact]
    public async Task Enrolling_the_same_person_again_returns_their_place_and_changes_nothing()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var user = await StudySeed.UserAsync(Connections, "twice@example.org");
        var request = new EnrolmentRequest(version.StudyId, version.Id, user, EntryKind.Prolific, "5f1d2c3b4a", 1);

        var first = await Participants.EnrolAsync(request, StudySeed.Design, Now);
        var second = await Participants.EnrolAsync(request, StudySeed.Design, Now.AddMinutes(5));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Participant, second.Participant);
        Assert.Equal("5f1d2c3b4a", second.Participant.EntryCode);
        Assert.Equal(EntryKind.Prolific, second.Participant.Entry);
        Assert.Single(await Participants.ListSlotsAsync(version.Id));
    }

    [Fact]
    public async Task Concurrent_arrivals_each_get_their_own_slot_of_the_schedule()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var users = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            users.Add(await StudySeed.UserAsync(Connections, $"rush{i}@example.org"));
        }

        var results = await Task.WhenAll(users.Select(u => Task.Run(() => Participants.EnrolAsync(
            new EnrolmentRequest(version.StudyId, version.Id, u, EntryKind.Open, null, 1), StudySeed.Design, Now))));

        Assert.Equal(Enumerable.Range(0, 12), results.Select(r => r.Participant.SlotIndex).Order());
        foreach (var r in results)
        {
            Assert.Equal(PermutedBlockSchedule.ConditionAt(StudySeed.Design, r.Participant.SlotIndex), r.Participant.CellId);
        }
        var tally = new PermutedBlockAssigner(StudySeed.Design).Tally(await Participants.ListSlotsAsync(version.Id));
        Assert.Equal([4, 8], tally.Select(t => t.Active)); // 4 full blocks of weights 1:2
    }

    [Fact]
    public async Task Invite_codes_admit_one_person_and_unknown_or_used_codes_store_nothing()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var other = await StudySeed.LaunchedVersionAsync(Connections, slug: "other-study");
        await Participants.AddInviteCodesAsync(version.StudyId, ["CODE-1"], Now);
        await Participants.AddInviteCodesAsync(other.StudyId, ["OTHER-1"], Now);

        var admitted = await StudySeed.EnrolAsync(Connections, version, "invited@example.org", EntryKind.Invite, "CODE-1");
        var used = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => StudySeed.EnrolAsync(Connections, version, "late@example.org", EntryKind.Invite, "CODE-1"));
        var foreign = await Assert.ThrowsAsync<EnrolmentRefusedException>(() => StudySeed.EnrolAsync(Connections, version, "foreign@example.org", EntryKind.Invite, "OTHER-1"));

        Assert.Equal(EnrolmentRefusal.InviteCodeUsed, used.Reason);
        Assert.Equal(EnrolmentRefusal.UnknownInviteCode, foreign.Reason);
        Assert.Equal(admitted.Id, (await Participants.FindInviteCodeAsync("CODE-1"))!.UsedBy);
        Assert.Null((await Participants.FindInviteCodeAsync("OTHER-1"))!.UsedBy);
        Assert.Single(await Participants.ListByVersionAsync(version.Id));
        Assert.Single(await Participants.ListSlotsAsync(version.Id));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => Participants.AddInviteCodesAsync(version.StudyId, ["NEW-1", "CODE-1"], Now));
        Assert.Null(await Participants.FindInviteCodeAsync("NEW-1"));
    }

    [Fact]
    public async Task Pages_advance_once_per_submit_and_only_while_active()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var p = await StudySeed.EnrolAsync(Connections, version, "walker@example.org");

        Assert.False(await Participants.AdvanceAsync(p.Id, 1, 2)); // consented: background first
        Assert.True(await Participants.ActivateAsync(p.Id));
        Assert.False(await Participants.ActivateAsync(p.Id));
        Assert.True(await Participants.AdvanceAsync(p.Id, 1, 2));
        Assert.False(await Participants.AdvanceAsync(p.Id, 1, 2)); // a double submit moves once
        Assert.Equal(2, (await Participants.GetAsync(p.Id))!.CurrentPage);

        Assert.True(await Participants.CompleteAsync(p.Id, "DONE1234", Now.AddMinutes(30)));
        Assert.False(await Participants.CompleteAsync(p.Id, "AGAIN", Now.AddMinutes(31)));
        Assert.False(await Participants.AdvanceAsync(p.Id, 2, 3));
        Assert.Null(await new ParticipantEraser(Connections).EraseAsync(p.Id, onlyInProgress: true, Now.AddMinutes(32))); // no longer theirs to withdraw
        var done = await Participants.GetAsync(p.Id);
        Assert.Equal(ParticipantStatus.Completed, done!.Status);
        Assert.Equal("DONE1234", done.CompletionCode);
        Assert.Equal(Now.AddMinutes(30), done.FinishedAt);
        Assert.Equal(SlotState.Completed, Assert.Single(await Participants.ListSlotsAsync(version.Id)).State);
    }

    [Fact]
    public async Task An_abandoned_place_is_reused_and_the_abandoner_s_answers_are_kept()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var gone = await StudySeed.EnrolAsync(Connections, version, "gone@example.org");
        await Participants.ActivateAsync(gone.Id);
        await new ResponseRepository(Connections).SaveAnswerAsync(gone.Id, 1, new AnswerInput("ratings", "rate-1", "2", null), Now);

        Assert.True(await Participants.AbandonAsync(gone.Id, Now.AddHours(2)));
        var next = await StudySeed.EnrolAsync(Connections, version, "next@example.org");

        Assert.Equal(gone.SlotIndex, next.SlotIndex);
        Assert.Equal(ParticipantStatus.Abandoned, (await Participants.GetAsync(gone.Id))!.Status);
        Assert.Single(await new ResponseRepository(Connections).ListAnswersAsync(gone.Id));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(next.Id, await connection.ExecuteScalarAsync<long>("SELECT participant_id FROM assignment_slots WHERE slot_index = 0"));
    }

    [Fact]
    public async Task Participants_idle_since_the_cutoff_are_abandoned_and_any_later_activity_keeps_a_session()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var responses = new ResponseRepository(Connections);
        var cutoff = Now.AddHours(1);
        var late = cutoff.AddMinutes(30);
        async Task<ParticipantRecord> ActiveAsync(string name)
        {
            var p = await StudySeed.EnrolAsync(Connections, version, $"{name}@example.org");
            Assert.True(await Participants.ActivateAsync(p.Id));
            return p;
        }
        var idle = await ActiveAsync("idle");
        await responses.SaveAnswerAsync(idle.Id, 1, new AnswerInput("ratings", "rate-1", "3", null), Now.AddMinutes(10));
        var neverStarted = await StudySeed.EnrolAsync(Connections, version, "consented@example.org");
        var answeredLate = await ActiveAsync("answered");
        await responses.SaveAnswerAsync(answeredLate.Id, 1, new AnswerInput("ratings", "rate-1", "4", null), late);
        var clickedLate = await ActiveAsync("clicked");
        await responses.AddEventAsync(clickedLate.Id, "ratings", "chart.hover", "{}", late);
        var backgroundLate = await StudySeed.EnrolAsync(Connections, version, "background@example.org");
        await responses.SaveBackgroundAsync(backgroundLate.Id, new Dictionary<string, string> { ["bg-role"] = "Student" }, late);
        var finished = await ActiveAsync("finished");
        Assert.True(await Participants.CompleteAsync(finished.Id, "DONE1234", Now.AddMinutes(20)));

        var abandoned = await Participants.AbandonIdleAsync(cutoff, Now.AddHours(3));

        Assert.Equal([idle.Id, neverStarted.Id], abandoned);
        foreach (var id in abandoned)
        {
            var record = (await Participants.GetAsync(id))!;
            Assert.Equal((ParticipantStatus.Abandoned, (DateTimeOffset?)Now.AddHours(3)), (record.Status, record.FinishedAt));
        }
        foreach (var kept in new[] { answeredLate, clickedLate, backgroundLate })
        {
            Assert.True((await Participants.GetAsync(kept.Id))!.IsInProgress, $"{kept.Id} was active after the cutoff but lost its session");
        }
        Assert.Equal(ParticipantStatus.Completed, (await Participants.GetAsync(finished.Id))!.Status);
        Assert.Single(await responses.ListAnswersAsync(idle.Id)); // abandoning keeps the data
        var slots = await Participants.ListSlotsAsync(version.Id);
        Assert.Equal([idle.SlotIndex, neverStarted.SlotIndex], slots.Where(s => s.State == SlotState.Abandoned).Select(s => s.Index));
        Assert.Empty(await Participants.AbandonIdleAsync(cutoff, Now.AddHours(4)));
    }

    [Fact]
    public async Task Pilot_codes_enrol_pilot_participants_in_a_schedule_of_their_own_outside_the_real_blocks()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var firstReal = await StudySeed.EnrolAsync(Connections, version, "real0@example.org");
        string[] codes = ["PILOT-1", "PILOT-2", "PILOT-3"];
        await Participants.AddInviteCodesAsync(version.StudyId, codes, Now, pilot: true, audit: null);

        var pilots = new List<ParticipantRecord>();
        foreach (var code in codes)
        {
            pilots.Add(await StudySeed.EnrolAsync(Connections, version, $"{code}@example.org", EntryKind.Invite, code));
        }
        var secondReal = await StudySeed.EnrolAsync(Connections, version, "real1@example.org");

        // The pilots follow the design's schedule from its first place, stored at -1, -2, -3.
        var schedule = Enumerable.Range(0, 3).Select(i => PermutedBlockSchedule.ConditionAt(StudySeed.Design, i)).ToList();
        Assert.All(pilots, p => Assert.True(p.Pilot));
        Assert.Equal([-1, -2, -3], pilots.Select(p => p.SlotIndex));
        Assert.Equal(schedule, pilots.Select(p => p.CellId));
        // The real schedule went on as if no pilot had come: the second real participant holds place 1.
        Assert.Equal((false, false, 0, 1), (firstReal.Pilot, secondReal.Pilot, firstReal.SlotIndex, secondReal.SlotIndex));
        Assert.Equal(schedule.Take(2), [firstReal.CellId, secondReal.CellId]);
        Assert.Equal([0, 1], (await Participants.ListSlotsAsync(version.Id)).Select(s => s.Index));
        Assert.True((await Participants.FindInviteCodeAsync("PILOT-2"))!.Pilot);
        Assert.Equal(2, (await Participants.ListByVersionAsync(version.Id)).Count(p => !p.Pilot));
    }

    [Fact]
    public async Task One_enrolment_per_person_and_study_is_enforced_by_the_schema()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var p = await StudySeed.EnrolAsync(Connections, version, "unique@example.org");
        await using var connection = await Connections.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO participants (study_id, study_version_id, user_id, pseudonym, cell_id, slot_index, status, entry, current_page, started_at) " +
            "VALUES (@StudyId, @StudyVersionId, @UserId, 'P-OTHER', 'cell-a', 9, 'active', 'open', 1, @At)",
            new { p.StudyId, p.StudyVersionId, p.UserId, At = Connections.Dialect.TimestampParameter(Now) }));
    }
}

public sealed class ParticipantRepositorySqliteTests(SqliteEngine e) : ParticipantRepositoryTests<SqliteEngine>(e);
public sealed class ParticipantRepositoryPostgresTests(PostgresEngine e) : ParticipantRepositoryTests<PostgresEngine>(e);
