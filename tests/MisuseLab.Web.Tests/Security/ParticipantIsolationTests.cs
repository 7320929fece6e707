using System.Text.Json;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>Participant A can neither write nor read participant B's session, whatever identifiers A sends.</summary>
[Collection(StudyCollection.Name)]
public sealed class ParticipantIsolationTests(StudyAppFixture app)
{
    private const string Api = "/api/study/" + StudyAppFixture.Slug;
    private static readonly string ForgedHash = string.Concat(Enumerable.Repeat("ab", 32));

    [Fact]
    public async Task Identifiers_of_another_participant_in_a_request_are_ignored_or_refused_and_never_reach_their_session()
    {
        var a = app.NewClient();
        var b = app.NewClient();
        var issues = app.Definition.IndexOf("deployment");
        var pageA = await a.AdvanceToAsync(app, await a.EnrolAsync(), app.Definition.IndexOf("local-correct"));
        var pageB = await b.AdvanceToAsync(app, await b.EnrolAsync(), issues);
        var meA = await a.MeAsync();
        var meB = await b.MeAsync();
        var secret = "B-only-" + Guid.NewGuid().ToString("N");
        Assert.Equal(204, (await b.PostJsonAsync($"{Api}/answers", JsonSerializer.Serialize(new { item = "end-deploy-why", value = secret }), ParticipantClient.TokenOf(pageB))).Status);
        var answersB = await app.Responses.ListAnswersAsync(meB.Id);
        var bHash = answersB.Single(x => x.ItemId == "end-deploy-why").StimulusSha256;

        // A names B's participant, user, page and stimulus in every way a handler might be tempted to read them.
        var forged = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["item"] = "correct-confidence", ["value"] = 3, ["participant"] = meB.Id, ["participantId"] = meB.Id, ["participant_id"] = meB.Id,
            ["user"] = meB.UserId, ["userId"] = meB.UserId, ["page"] = "deployment", ["pageIndex"] = issues, ["stimulus"] = ForgedHash, ["stimulus_sha256"] = ForgedHash, ["stimulusSha256"] = bHash,
        });
        Assert.Equal(204, (await a.PostJsonAsync($"{Api}/answers", forged, ParticipantClient.TokenOf(pageA))).Status);
        var writeIntoB = await a.PostJsonAsync($"{Api}/answers", JsonSerializer.Serialize(new { item = "end-deploy-why", value = "overwritten by A", participant = meB.Id }), ParticipantClient.TokenOf(pageA));
        var withBsToken = await a.PostJsonAsync($"{Api}/answers", """{"item":"correct-confidence","value":5}""", ParticipantClient.TokenOf(pageB));
        var bsPageAsA = await a.GetAsync($"/study/{StudyAppFixture.Slug}/page/{issues}");
        var bsPagePostAsA = await a.PostFormAsync($"/study/{StudyAppFixture.Slug}/page/{issues}", [new("answer.end-deploy-why", "overwritten by A"), new("participant_id", meB.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], ParticipantClient.TokenOf(pageA));
        var slugVariants = new[] { "KAUR2020", "kaur2020%20", "kaur2020%2F..%2Fdemo", "demo" };
        var variantStatuses = new List<int>();
        foreach (var slug in slugVariants)
        {
            variantStatuses.Add((await a.PostJsonAsync($"/api/study/{slug}/answers", """{"item":"end-deploy-why","value":"x"}""", ParticipantClient.TokenOf(pageA))).Status);
        }

        var storedA = await app.Responses.ListAnswersAsync(meA.Id);
        var ratingsHash = storedA.Single(x => x.ItemId == "correct-confidence").StimulusSha256;
        Assert.Equal("local-correct", storedA.Single(x => x.ItemId == "correct-confidence").PageId);
        Assert.NotEqual(ForgedHash, ratingsHash); // the server records the stimulus of A's own page, never one the client names
        Assert.Equal(400, writeIntoB.Status); // end-deploy-why is not on A's page
        Assert.Equal(400, withBsToken.Status); // antiforgery tokens are bound to the signed-in user
        Assert.Equal(303, bsPageAsA.Status);
        Assert.EndsWith($"/page/{app.Definition.IndexOf("local-correct")}", bsPageAsA.Location);
        Assert.Equal(303, bsPagePostAsA.Status); // a stale page index redirects to A's own page and changes nothing
        Assert.All(variantStatuses, s => Assert.InRange(s, 400, 499));
        Assert.Equal(answersB, await app.Responses.ListAnswersAsync(meB.Id));
        Assert.DoesNotContain(storedA, x => x.ItemId == "end-deploy-why");
        Assert.Equal(app.Definition.IndexOf("local-correct"), (await a.MeAsync()).CurrentPage);
        Assert.DoesNotContain(a.Log, e => e.Body.Contains(secret, StringComparison.Ordinal)); // nothing A received carries B's answer
    }
}
