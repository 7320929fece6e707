using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Monitoring;

public abstract class StudyMonitorRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private StudyMonitorRepository Monitor => new(Connections);
    private ParticipantRepository Participants => new(Connections);
    private ResponseRepository Responses => new(Connections);

    [Fact]
    public async Task Last_activity_is_the_latest_of_enrolment_events_answers_and_finishing()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var idle = await StudySeed.EnrolAsync(Connections, version, "idle@example.org");
        var busy = await StudySeed.EnrolAsync(Connections, version, "busy@example.org");
        var done = await StudySeed.EnrolAsync(Connections, version, "done@example.org");
        foreach (var p in new[] { busy, done }) Assert.True(await Participants.ActivateAsync(p.Id));
        await Responses.AddEventAsync(busy.Id, "overview", "view", "{}", Now.AddMinutes(3));
        await Responses.SaveAnswerAsync(busy.Id, 1, new AnswerInput("ratings", "r1", "4", null), Now.AddMinutes(7));
        await Responses.AddEventAsync(busy.Id, "overview", "submit", "{}", Now.AddMinutes(5));
        Assert.True(await Participants.AdvanceAsync(busy.Id, 1, 3));
        Assert.True(await Participants.CompleteAsync(done.Id, "CODE", Now.AddMinutes(11)));

        var activity = await Monitor.ListActivityAsync(version.Id);

        Assert.Equal([idle.Id, busy.Id, done.Id], activity.Select(a => a.Id));
        Assert.Equal(Now, activity[0].LastActivityAt);
        Assert.Equal(ParticipantStatus.Consented, activity[0].Status);
        Assert.Equal(Now.AddMinutes(7), activity[1].LastActivityAt);
        Assert.Equal(3, activity[1].CurrentPage);
        Assert.Equal(ParticipantStatus.Active, activity[1].Status);
        Assert.Equal(Now.AddMinutes(11), activity[2].LastActivityAt);
        Assert.Equal(Now.AddMinutes(11), activity[2].FinishedAt);
        Assert.Equal(ParticipantStatus.Completed, activity[2].Status);
        Assert.Equal(busy.Pseudonym, activity[1].Pseudonym);
        Assert.Equal(busy.CellId, activity[1].CellId);
    }

    [Fact]
    public async Task Counts_are_per_version_cell_and_status()
    {
        var one = await StudySeed.LaunchedVersionAsync(Connections, "one", "h1");
        var two = await StudySeed.LaunchedVersionAsync(Connections, "two", "h2");
        var people = new List<ParticipantRecord>();
        for (var i = 0; i < 6; i++) people.Add(await StudySeed.EnrolAsync(Connections, one, $"p{i}@example.org"));
        await StudySeed.EnrolAsync(Connections, two, "other@example.org");
        Assert.True(await Participants.ActivateAsync(people[0].Id));
        Assert.True(await Participants.AbandonAsync(people[1].Id, Now));

        var counts = await Monitor.CountAllAsync();

        var expected = people.Select((p, i) => (p.CellId, Status: i == 0 ? ParticipantStatus.Active : i == 1 ? ParticipantStatus.Abandoned : ParticipantStatus.Consented))
            .GroupBy(x => x).Select(g => new CellStatusCount(one.Id, g.Key.CellId, g.Key.Status, g.Count()))
            .OrderBy(c => c.CellId, StringComparer.Ordinal).ThenBy(c => c.Status.ToString().ToLowerInvariant(), StringComparer.Ordinal);
        Assert.Equal(expected, counts.Where(c => c.StudyVersionId == one.Id));
        Assert.Equal(1, Assert.Single(counts, c => c.StudyVersionId == two.Id).Count);
    }

    [Fact]
    public async Task Invite_codes_list_who_used_them_by_pseudonym()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        await Participants.AddInviteCodesAsync(version.StudyId, ["CODE-A", "CODE-B"], Now);
        var user = await StudySeed.UserAsync(Connections, "invited@example.org");
        var enrolled = await Participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, user, EntryKind.Invite, "CODE-B", 1), StudySeed.Design, Now.AddMinutes(2));

        var codes = await Monitor.ListInviteCodesAsync(version.StudyId);

        Assert.Equal(
            [new InviteCodeUse("CODE-A", Now, null, null), new InviteCodeUse("CODE-B", Now, Now.AddMinutes(2), enrolled.Participant.Pseudonym)],
            codes);
        Assert.Empty(await Monitor.ListInviteCodesAsync(version.StudyId + 1));
    }
}

public sealed class StudyMonitorRepositorySqliteTests(SqliteEngine e) : StudyMonitorRepositoryTests<SqliteEngine>(e);
public sealed class StudyMonitorRepositoryPostgresTests(PostgresEngine e) : StudyMonitorRepositoryTests<PostgresEngine>(e);
