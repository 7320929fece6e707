using System.Text.Json;
using MisuseLab.Storage.Participants;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Bad answers are refused with 400 ProblemDetails saying what was wrong, and nothing is stored.</summary>
[Collection(StudyCollection.Name)]
public sealed class AnswerValidationTests(StudyAppFixture app)
{
    private const string Answers = "/api/study/" + StudyAppFixture.Slug + "/answers";

    private async Task AssertRefusedAsync(ParticipantClient client, string token, string label, string body, string expectedInDetail)
    {
        var me = await client.MeAsync();
        var before = await app.Responses.ListAnswersAsync(me.Id);

        var response = await client.PostJsonAsync(Answers, body, token);

        Assert.True(response.Status == 400, $"{label}: expected 400, found {response.Status} {response.Body}");
        Assert.Contains("application/problem+json", response.Headers);
        using var problem = JsonDocument.Parse(response.Body);
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains(expectedInDetail, StringComparison.OrdinalIgnoreCase), $"{label}: detail '{detail}' should mention '{expectedInDetail}'.");
        Assert.Equal(before, await app.Responses.ListAnswersAsync(me.Id));
    }

    [Fact]
    public async Task Each_malformed_answer_on_the_overview_page_is_a_400_and_stores_nothing()
    {
        var client = app.NewClient();
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), app.Definition.IndexOf("global"));
        var token = ParticipantClient.TokenOf(page);

        var cases = new (string Label, string Body, string Detail)[]
        {
            ("rating above the scale", """{"item":"global-confidence","value":"8"}""", "from 1 to 7"),
            ("rating below the scale", """{"item":"global-confidence","value":0}""", "from 1 to 7"),
            ("rating that is not a number", """{"item":"global-confidence","value":"very"}""", "whole number"),
            ("rating with a fraction", """{"item":"global-confidence","value":4.5}""", "whole number"),
            ("value of the wrong type (boolean)", """{"item":"global-confidence","value":true}""", "string or a number"),
            ("value of the wrong type (object)", """{"item":"global-confidence","value":{"v":4}}""", "string or a number"),
            ("value null", """{"item":"global-confidence","value":null}""", "string or a number"),
            ("value missing", """{"item":"global-confidence"}""", "\"value\""),
            ("item of the wrong type", """{"item":7,"value":"4"}""", "\"item\""),
            ("unknown item", """{"item":"no-such-question","value":"4"}""", "no question"),
            ("item of another study (demo's top-feature)", """{"item":"top-feature","value":"age"}""", "no question"),
            ("item of a later page", """{"item":"correct-confidence","value":"4"}""", "not on the page"),
            ("item of the next page", """{"item":"age-mc","value":"yes"}""", "not on the page"),
            ("body that is an array", """[{"item":"global-confidence","value":"4"}]""", "JSON object"),
            ("body that is not JSON", """{"item":""", "not valid JSON"),
        };
        foreach (var (label, body, detail) in cases)
        {
            await AssertRefusedAsync(client, token, label, body, detail);
        }

        Assert.Empty(await app.Responses.ListAnswersAsync((await client.MeAsync()).Id));
        var accepted = await client.PostJsonAsync(Answers, """{"item":"global-confidence","value":7}""", token);
        Assert.Equal(204, accepted.Status); // the same item with a valid value is saved: the refusals were about the values
        Assert.Equal("7", Assert.Single(await app.Responses.ListAnswersAsync((await client.MeAsync()).Id)).Value);
    }

    [Fact]
    public async Task Oversized_text_and_unlisted_options_are_refused_at_their_limits()
    {
        var client = app.NewClient();
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), app.Definition.IndexOf("global"));
        var token = ParticipantClient.TokenOf(page);
        await AssertRefusedAsync(client, token, "option not listed",
            """{"item":"global-mc","value":"Strongly agree"}""", "listed options");
        await AssertRefusedAsync(client, token, "likert as words",
            """{"item":"global-confidence","value":"Extremely"}""", "whole number");
        await AssertRefusedAsync(client, token, "text one character over max_length",
            JsonSerializer.Serialize(new { item = "global-understanding", value = new string('x', 4001) }), "at most 4000");
        var atLimit = await client.PostJsonAsync(Answers, JsonSerializer.Serialize(new { item = "global-understanding", value = new string('x', 4000) }), token);
        Assert.Equal(204, atLimit.Status);
    }

    [Fact]
    public async Task Requests_without_the_antiforgery_token_are_refused()
    {
        var client = app.NewClient();
        await client.AdvanceToAsync(app, await client.EnrolAsync(), app.Definition.IndexOf("global"));

        var response = await client.PostJsonAsync(Answers, """{"item":"global-confidence","value":"4"}""", token: null);

        Assert.Equal(400, response.Status);
        Assert.Empty(await app.Responses.ListAnswersAsync((await client.MeAsync()).Id));
    }

    [Fact]
    public async Task An_invalid_page_submit_shows_the_errors_stores_nothing_and_stays_on_the_page()
    {
        var client = app.NewClient();
        var globalPage = app.Definition.IndexOf("global");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), globalPage);

        var outOfRange = await client.PostFormAsync($"/study/{StudyAppFixture.Slug}/page/{globalPage}", [new("answer.global-confidence", "9")], ParticipantClient.TokenOf(page));
        var missing = await client.PostFormAsync($"/study/{StudyAppFixture.Slug}/page/{globalPage}", [], ParticipantClient.TokenOf(page));

        Assert.Equal(400, outOfRange.Status);
        Assert.Contains("Expected a rating from 1 to 7", outOfRange.Body);
        Assert.Equal(400, missing.Status);
        Assert.Contains("Answer this question to continue.", missing.Body);
        var me = await client.MeAsync();
        Assert.Equal(globalPage, me.CurrentPage);
        Assert.Equal(ParticipantStatus.Active, me.Status);
        Assert.Empty(await app.Responses.ListAnswersAsync(me.Id));
        Assert.DoesNotContain(await app.Responses.ListEventsAsync(me.Id), e => e.PageId == "global" && e.Type == "page.submit");
    }
}
