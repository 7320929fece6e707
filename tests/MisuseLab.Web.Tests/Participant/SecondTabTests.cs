using System.Text.Json;
using Dapper;
using MisuseLab.Storage.Responses;
using MisuseLab.TestSupport;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// The same page open in two tabs: once one tab has submitted the page, nothing the other tab sends changes it —
/// not an autosave (409, the script tells the participant to reload), not the page's form (redirect to the current
/// page) — even when the request was already under way while the submit committed. A double click still moves once.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class SecondTabTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;
    private const string Answers = "/api/study/" + StudyAppFixture.Slug + "/answers";
    private const string Events = "/api/study/" + StudyAppFixture.Slug + "/events";
    private const string Item = "global-confidence";

    private async Task<(ParticipantClient Client, Exchange Page, int Index)> AtGlobalPageAsync()
    {
        var client = app.NewClient();
        var globalPage = app.Definition.IndexOf("global");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), globalPage);
        return (client, page, globalPage);
    }

    private IEnumerable<KeyValuePair<string, string>> GlobalPageAnswers(int index, string value) =>
        ParticipantClient.ValidAnswers(app.Definition.Pages[index].Questions).Select(a => a.Key == "answer." + Item ? new(a.Key, value) : a);

    private async Task<StoredAnswer> StoredAsync(ParticipantClient client) =>
        (await app.Responses.ListAnswersAsync((await client.MeAsync()).Id)).Single(a => a.ItemId == Item);

    private static void AssertPageLeftProblem(Exchange response)
    {
        Assert.True(response.Status == 409, $"Expected 409, found {response.Status}: {response.Body}");
        Assert.Contains("application/problem+json", response.Headers);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal("This page was already submitted", problem.RootElement.GetProperty("title").GetString());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("not saved", detail);
        Assert.Contains("Continue to the page you are on", detail);
    }

    /// <summary>
    /// Sends <paramref name="request"/> while another tab's submit of <paramref name="page"/> has moved the participant on
    /// but not committed: the submit holds the write lock (opened for writing, as the app's submit is, so it holds the
    /// database's write gate), so the request reads the old page, passes every check and waits at its write. Once the
    /// request is seen queued at the gate, the submit commits and releases it; returns the request's response.
    /// </summary>
    private async Task<Exchange> DuringAnUncommittedSubmitAsync(long participantId, int page, Func<Task<Exchange>> request)
    {
        Task<Exchange> stale;
        await using (var connection = await app.Connections.OpenForWriteAsync())
        {
            await using var submit = await connection.BeginTransactionAsync();
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE participants SET current_page = @Next WHERE id = @Id", new { Next = page + 1, Id = participantId }, submit));
            stale = request();
            await BlockedWriters.WaitForAsync(app.Connections, 1);
            Assert.False(stale.IsCompleted, "The request was answered before the other tab's submit committed.");
            await submit.CommitAsync();
        }
        return await stale;
    }

    [Fact]
    public async Task An_autosave_from_a_tab_left_on_a_submitted_page_is_a_409_and_changes_nothing()
    {
        var (client, page, globalPage) = await AtGlobalPageAsync();
        var token = ParticipantClient.TokenOf(page);
        var next = await client.SubmitPageAsync(page, globalPage, GlobalPageAnswers(globalPage, "6"));
        Assert.EndsWith($"/page/{globalPage + 1}", next.Url);
        var submitted = await StoredAsync(client);

        var stale = await client.PostJsonAsync(Answers, $$"""{"item":"{{Item}}","value":"2"}""", token);

        AssertPageLeftProblem(stale);
        Assert.Equal(submitted, await StoredAsync(client));
        Assert.Equal(globalPage + 1, (await client.MeAsync()).CurrentPage);
    }

    [Fact]
    public async Task An_interaction_in_a_tab_left_on_an_earlier_page_is_filed_under_that_page_and_a_later_page_is_refused()
    {
        var (client, page, globalPage) = await AtGlobalPageAsync();
        var token = ParticipantClient.TokenOf(page);
        await client.SubmitPageAsync(page, globalPage, GlobalPageAnswers(globalPage, "6"));
        var me = await client.MeAsync();
        var before = await app.Responses.ListEventsAsync(me.Id);

        var stale = await client.PostJsonAsync(Events, $$$"""{"type":"chart.hover","page":{{{globalPage}}},"detail":{"chart":"c-1"}}""", token);
        var current = await client.PostJsonAsync(Events, $$$"""{"type":"page.hidden","page":{{{globalPage + 1}}},"detail":{}}""", token);
        var future = await client.PostJsonAsync(Events, $$$"""{"type":"chart.hover","page":{{{globalPage + 2}}},"detail":{}}""", token);
        var unnamed = await client.PostJsonAsync(Events, """{"type":"chart.hover","detail":{}}""", token);

        Assert.Equal((204, 204, 400, 400), (stale.Status, current.Status, future.Status, unnamed.Status));
        var added = (await app.Responses.ListEventsAsync(me.Id)).Skip(before.Count).Select(e => (e.PageId, e.Type));
        Assert.Equal([(app.Definition.Pages[globalPage].Id, "chart.hover"), (app.Definition.Pages[globalPage + 1].Id, "page.hidden")], added);
    }

    [Fact]
    public async Task An_autosave_under_way_while_its_page_is_submitted_is_refused_when_the_submit_commits()
    {
        var (client, page, globalPage) = await AtGlobalPageAsync();
        var token = ParticipantClient.TokenOf(page);
        Assert.Equal(204, (await client.PostJsonAsync(Answers, $$"""{"item":"{{Item}}","value":"6"}""", token)).Status);
        var me = await client.MeAsync();
        var saved = await StoredAsync(client);

        var stale = await DuringAnUncommittedSubmitAsync(me.Id, globalPage, () => client.PostJsonAsync(Answers, $$"""{"item":"{{Item}}","value":"2"}""", token));

        AssertPageLeftProblem(stale);

        Assert.Equal(saved, await StoredAsync(client));
    }

    [Fact]
    public async Task A_page_form_under_way_while_the_page_is_submitted_elsewhere_changes_nothing_and_leads_to_the_current_page()
    {
        var (client, page, globalPage) = await AtGlobalPageAsync();
        var token = ParticipantClient.TokenOf(page);
        Assert.Equal(204, (await client.PostJsonAsync(Answers, $$"""{"item":"{{Item}}","value":"6"}""", token)).Status);
        var me = await client.MeAsync();
        var saved = await StoredAsync(client);

        var stale = await DuringAnUncommittedSubmitAsync(me.Id, globalPage, () => client.PostFormAsync($"{Study}/page/{globalPage}", GlobalPageAnswers(globalPage, "2"), token));

        Assert.EndsWith($"/page/{globalPage + 1}", (await client.FollowAsync(stale)).Url);

        Assert.Equal(saved, await StoredAsync(client));
        var events = await app.Responses.ListEventsAsync(me.Id);
        Assert.DoesNotContain(events, e => e.PageId == "global" && e.Type == ResponseRepository.PageSubmitEvent);
        Assert.Equal(globalPage + 1, (await client.MeAsync()).CurrentPage);
    }

    [Fact]
    public async Task A_double_click_on_next_saves_the_answers_once_and_moves_one_page()
    {
        var (client, page, globalPage) = await AtGlobalPageAsync();
        var token = ParticipantClient.TokenOf(page);
        var answers = GlobalPageAnswers(globalPage, "5").ToList();

        var both = await Task.WhenAll(
            client.PostFormAsync($"{Study}/page/{globalPage}", answers, token),
            client.PostFormAsync($"{Study}/page/{globalPage}", answers, token));

        foreach (var response in both)
        {
            Assert.Equal(303, response.Status);
            Assert.EndsWith($"/page/{globalPage + 1}", (await client.FollowAsync(response)).Url);
        }
        var me = await client.MeAsync();
        Assert.Equal(globalPage + 1, me.CurrentPage);
        Assert.Equal("5", (await StoredAsync(client)).Value);
        Assert.Single(await app.Responses.ListEventsAsync(me.Id), e => e.PageId == "global" && e.Type == ResponseRepository.PageSubmitEvent);
    }
}
