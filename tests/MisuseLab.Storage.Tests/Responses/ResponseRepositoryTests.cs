using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Tests.Studies;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Responses;

public abstract class ResponseRepositoryTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private static readonly DateTimeOffset Now = StudySeed.Now;
    private ResponseRepository Responses => new(Connections);

    private async Task<(StudyVersionRecord Version, ParticipantRecord Participant, StimulusEntry Stimulus)> ActiveParticipantAsync()
    {
        var version = await StudySeed.LaunchedVersionAsync(Connections);
        var stimulus = StimulusEntry.From("cell-a", "global", null, StudySeed.GlobalStimulus("cell-a", "global", 0.9));
        await new StimulusRepository(Connections).StoreAsync(version.Id, [stimulus]);
        var participant = await StudySeed.EnrolAsync(Connections, version, "answerer@example.org");
        await new ParticipantRepository(Connections).ActivateAsync(participant.Id);
        return (version, participant, stimulus);
    }

    [Fact]
    public async Task Saving_an_item_again_updates_the_one_row_and_keeps_its_first_answer_time()
    {
        var (_, p, stimulus) = await ActiveParticipantAsync();

        Assert.True(await Responses.SaveAnswerAsync(p.Id, new AnswerInput("global", "top-feature", "sex", stimulus.Sha256), Now));
        Assert.True(await Responses.SaveAnswerAsync(p.Id, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now.AddSeconds(9)));

        var answer = Assert.Single(await Responses.ListAnswersAsync(p.Id));
        Assert.Equal("age", answer.Value);
        Assert.Equal(stimulus.Sha256, answer.StimulusSha256);
        Assert.Equal(Now, answer.AnsweredAt);
        Assert.Equal(Now.AddSeconds(9), answer.UpdatedAt);
    }

    [Fact]
    public async Task A_finished_session_cannot_be_changed_and_a_refused_batch_stores_nothing()
    {
        var (version, p, stimulus) = await ActiveParticipantAsync();
        await Responses.SaveAnswerAsync(p.Id, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now);
        await new ParticipantRepository(Connections).CompleteAsync(p.Id, "CODE", Now.AddMinutes(1));

        Assert.False(await Responses.SaveAnswersAsync(p.Id,
            [new AnswerInput("ratings", "rate-1", "3", null), new AnswerInput("global", "top-feature", "sex", stimulus.Sha256)], Now.AddMinutes(2)));
        Assert.False(await Responses.AddEventAsync(p.Id, "global", "chart.hover", "{}", Now.AddMinutes(2)));
        Assert.False(await Responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Other" }, Now.AddMinutes(2)));

        var answer = Assert.Single(await Responses.ListAnswersByVersionAsync(version.Id));
        Assert.Equal("age", answer.Value);
        Assert.Empty(await Responses.ListEventsAsync(p.Id));
        Assert.Empty(await Responses.ListBackgroundAsync(p.Id));
    }

    [Fact]
    public async Task A_page_is_submitted_once_however_often_the_submit_arrives()
    {
        var (_, p, _) = await ActiveParticipantAsync();
        // A double click sends both submits at once; only the first page.submit (its dwell time) is kept.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Responses.AddEventAsync(p.Id, "global", ResponseRepository.PageSubmitEvent, $"{{\"dwell_ms\":{1000 + i}}}", Now.AddSeconds(i))));
        Assert.Equal(1, results.Count(r => r));
        Assert.True(await Responses.AddEventAsync(p.Id, "ratings", ResponseRepository.PageSubmitEvent, "{}", Now.AddMinutes(1)));
        Assert.True(await Responses.AddEventAsync(p.Id, "global", "chart.hover", "{}", Now.AddMinutes(1)));
        Assert.True(await Responses.AddEventAsync(p.Id, "global", "chart.hover", "{}", Now.AddMinutes(1)));

        var events = await Responses.ListEventsAsync(p.Id);
        Assert.Equal(1, events.Count(e => e.Type == ResponseRepository.PageSubmitEvent && e.PageId == "global"));
        Assert.Equal(1, events.Count(e => e.Type == ResponseRepository.PageSubmitEvent && e.PageId == "ratings"));
        Assert.Equal(2, events.Count(e => e.Type == "chart.hover"));
    }

    [Fact]
    public async Task Events_keep_their_order_and_details_must_be_small_json_objects()
    {
        var (_, p, _) = await ActiveParticipantAsync();
        await Responses.AddEventAsync(p.Id, "global", "page.view", "{}", Now);
        await Responses.AddEventAsync(p.Id, "global", "chart.relayout", "{\"xaxis.range[0]\":0.1}", Now.AddSeconds(1));
        await Responses.AddEventAsync(p.Id, "global", "page.submit", "{\"dwell_ms\":1000}", Now.AddSeconds(2));

        await Assert.ThrowsAsync<ArgumentException>(() => Responses.AddEventAsync(p.Id, "global", "x", "[1,2]", Now));
        await Assert.ThrowsAsync<ArgumentException>(() => Responses.AddEventAsync(p.Id, "global", "x", "{\"a\":", Now));
        await Assert.ThrowsAsync<ArgumentException>(() => Responses.AddEventAsync(p.Id, "global", "x", "{\"a\":\"" + new string('x', 5000) + "\"}", Now));

        var events = await Responses.ListEventsAsync(p.Id);
        Assert.Equal(["page.view", "chart.relayout", "page.submit"], events.Select(e => e.Type));
        Assert.Equal("{\"dwell_ms\":1000}", events[2].DetailJson);
        Assert.Equal(Now.AddSeconds(1), events[1].At);
    }

    [Fact]
    public async Task Background_answers_are_saved_per_item_and_replaced_when_answered_again()
    {
        var (_, p, _) = await ActiveParticipantAsync();

        await Responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Student", ["bg-ml-years"] = "1-2" }, Now);
        await Responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Researcher" }, Now.AddSeconds(5));

        var stored = await Responses.ListBackgroundAsync(p.Id);
        Assert.Equal(["bg-ml-years", "bg-role"], stored.Select(b => b.ItemId));
        Assert.Equal(["1-2", "Researcher"], stored.Select(b => b.Value));
    }

    [Fact]
    public async Task An_answer_must_name_a_stored_stimulus()
    {
        var (_, p, _) = await ActiveParticipantAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Responses.SaveAnswerAsync(p.Id, new AnswerInput("global", "top-feature", "age", new string('0', 64)), Now));

        Assert.Empty(await Responses.ListAnswersAsync(p.Id));
    }
}

public sealed class ResponseRepositorySqliteTests(SqliteEngine e) : ResponseRepositoryTests<SqliteEngine>(e);
public sealed class ResponseRepositoryPostgresTests(PostgresEngine e) : ResponseRepositoryTests<PostgresEngine>(e);
