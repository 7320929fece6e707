using Dapper;
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

        Assert.True(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "sex", stimulus.Sha256), Now));
        Assert.True(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now.AddSeconds(9)));

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
        await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now);
        await new ParticipantRepository(Connections).CompleteAsync(p.Id, "CODE", Now.AddMinutes(1));

        Assert.False(await Responses.SaveAnswersAsync(p.Id, 1,
            [new AnswerInput("ratings", "rate-1", "3", null), new AnswerInput("global", "top-feature", "sex", stimulus.Sha256)], Now.AddMinutes(2)));
        Assert.False(await Responses.AddEventAsync(p.Id, "global", "chart.hover", "{}", Now.AddMinutes(2)));
        Assert.False(await Responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Other" }, Now.AddMinutes(2)));

        var answer = Assert.Single(await Responses.ListAnswersByVersionAsync(version.Id));
        Assert.Equal("age", answer.Value);
        Assert.Empty(await Responses.ListEventsAsync(p.Id));
        Assert.Empty(await Responses.ListBackgroundAsync(p.Id));
    }

    [Fact]
    public async Task Answers_are_saved_only_on_the_page_the_participant_is_on()
    {
        var (version, p, stimulus) = await ActiveParticipantAsync();
        Assert.True(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "sex", stimulus.Sha256), Now));
        Assert.True(await new ParticipantRepository(Connections).AdvanceAsync(p.Id, 1, 2));

        // A second tab still showing page 1: its autosave must not change the page the participant has left.
        Assert.False(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now.AddSeconds(5)));
        Assert.False(await Responses.SaveAnswersAsync(p.Id, 1,
            [new AnswerInput("global", "global-confidence", "3", stimulus.Sha256), new AnswerInput("global", "top-feature", "age", stimulus.Sha256)], Now.AddSeconds(5)));
        Assert.False(await Responses.SaveAnswerAsync(p.Id, 3, new AnswerInput("local", "local-guess", "yes", null), Now.AddSeconds(5)));
        Assert.True(await Responses.SaveAnswerAsync(p.Id, 2, new AnswerInput("ratings", "rate-1", "4", null), Now.AddSeconds(6)));
        var waiting = await StudySeed.EnrolAsync(Connections, version, "not-started@example.org"); // consented, on page 1, background pending
        Assert.False(await Responses.SaveAnswerAsync(waiting.Id, 1, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now));

        var stored = await Responses.ListAnswersAsync(p.Id);
        Assert.Equal(["rate-1", "top-feature"], stored.Select(a => a.ItemId));
        Assert.Equal(("sex", Now), (stored[1].Value, stored[1].UpdatedAt));
        Assert.Empty(await Responses.ListAnswersAsync(waiting.Id));
    }

    [Fact]
    public async Task Submitting_a_page_moves_on_with_its_answers_and_event_and_a_second_submit_changes_nothing()
    {
        var (_, p, stimulus) = await ActiveParticipantAsync();
        var participants = new ParticipantRepository(Connections);
        Assert.True(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "sex", stimulus.Sha256), Now)); // autosaved first

        Assert.True(await Responses.SubmitPageAsync(p.Id, 1, "global",
            [new AnswerInput("global", "top-feature", "age", stimulus.Sha256), new AnswerInput("global", "global-confidence", "4", stimulus.Sha256)], "{\"dwell_ms\":1000}", Now.AddSeconds(10)));
        // The double click's second submit, a second tab's submit with other answers, and its late autosave: all refused.
        Assert.False(await Responses.SubmitPageAsync(p.Id, 1, "global", [new AnswerInput("global", "top-feature", "age", stimulus.Sha256)], "{\"dwell_ms\":1001}", Now.AddSeconds(11)));
        Assert.False(await Responses.SubmitPageAsync(p.Id, 1, "global", [new AnswerInput("global", "top-feature", "sex", stimulus.Sha256)], "{\"dwell_ms\":1500}", Now.AddSeconds(12)));
        Assert.False(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "global-confidence", "1", stimulus.Sha256), Now.AddSeconds(13)));

        Assert.Equal(2, (await participants.GetAsync(p.Id))!.CurrentPage);
        var stored = await Responses.ListAnswersAsync(p.Id);
        Assert.Equal([("global-confidence", "4", Now.AddSeconds(10)), ("top-feature", "age", Now.AddSeconds(10))], stored.Select(a => (a.ItemId, a.Value, a.UpdatedAt)));
        Assert.Equal(Now, stored[1].AnsweredAt);
        var submit = Assert.Single(await Responses.ListEventsAsync(p.Id));
        Assert.Equal(("global", ResponseRepository.PageSubmitEvent, "{\"dwell_ms\":1000}", Now.AddSeconds(10)), (submit.PageId, submit.Type, submit.DetailJson, submit.At));

        // A page without answers moves on too; a finished session cannot be submitted.
        Assert.True(await Responses.SubmitPageAsync(p.Id, 2, "ratings", [], "{}", Now.AddSeconds(20)));
        Assert.True(await participants.CompleteAsync(p.Id, "CODE", Now.AddSeconds(30)));
        Assert.False(await Responses.SubmitPageAsync(p.Id, 3, "debrief", [], "{}", Now.AddSeconds(40)));
        Assert.Equal(3, (await participants.GetAsync(p.Id))!.CurrentPage);
        Assert.Equal(["global", "ratings"], (await Responses.ListEventsAsync(p.Id)).Select(e => e.PageId));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Responses.SubmitPageAsync(p.Id, 3, "debrief", [new AnswerInput("global", "top-feature", "age", stimulus.Sha256)], "{}", Now));
    }

    [Fact]
    public async Task Writes_to_a_page_whose_submit_is_committing_wait_for_it_and_are_refused()
    {
        var (_, p, stimulus) = await ActiveParticipantAsync();
        Assert.True(await Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "sex", stimulus.Sha256), Now));

        // Another request's submit of page 1, between moving the participant on and committing. It opens for writing as
        // SubmitPageAsync does, so on SQLite it holds the process's write gate and the writes below queue there.
        Task<bool> autosave, secondSubmit;
        await using (var connection = await Connections.OpenForWriteAsync())
        {
            await using var submit = await connection.BeginTransactionAsync();
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE participants SET current_page = 2 WHERE id = @Id", new { p.Id }, submit));
            // Task.Run: Microsoft.Data.Sqlite's async methods run synchronously; a write that reached SQLite's own lock would wait on this thread.
            autosave = Task.Run(() => Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "age", stimulus.Sha256), Now.AddSeconds(1)));
            secondSubmit = Task.Run(() => Responses.SubmitPageAsync(p.Id, 1, "global", [new AnswerInput("global", "top-feature", "age", stimulus.Sha256)], "{}", Now.AddSeconds(1)));
            await BlockedWriters.WaitForAsync(Connections, 2); // both seen waiting on the submit's lock
            Assert.False(autosave.IsCompleted, "The autosave finished beside an uncommitted move off its page; it must wait for the outcome.");
            Assert.False(secondSubmit.IsCompleted, "The second submit finished beside an uncommitted move off its page; it must wait for the outcome.");
            await submit.CommitAsync();
        }
        // Closed: on SQLite that releases the write gate, as the end of SubmitPageAsync does.
        Assert.False(await autosave);
        Assert.False(await secondSubmit);

        var answer = Assert.Single(await Responses.ListAnswersAsync(p.Id));
        Assert.Equal(("sex", Now), (answer.Value, answer.UpdatedAt));
        Assert.Empty(await Responses.ListEventsAsync(p.Id));
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
            Responses.SaveAnswerAsync(p.Id, 1, new AnswerInput("global", "top-feature", "age", new string('0', 64)), Now));

        Assert.Empty(await Responses.ListAnswersAsync(p.Id));
    }
}

public sealed class ResponseRepositorySqliteTests(SqliteEngine e) : ResponseRepositoryTests<SqliteEngine>(e);
public sealed class ResponseRepositoryPostgresTests(PostgresEngine e) : ResponseRepositoryTests<PostgresEngine>(e);
