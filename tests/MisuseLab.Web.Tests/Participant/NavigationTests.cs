using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Only the current page can be seen or changed; sessions resume where they were; finished sessions are final.</summary>
[Collection(StudyCollection.Name)]
public sealed class NavigationTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;

    [Fact]
    public async Task Later_and_earlier_pages_redirect_to_the_current_one_and_their_forms_change_nothing()
    {
        var client = app.NewClient();
        var globalPage = app.Definition.IndexOf("global");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), globalPage);
        var token = ParticipantClient.TokenOf(page);
        var later = app.Definition.IndexOf("local-correct");

        var skip = await client.GetAsync($"{Study}/page/{later}");
        var back = await client.GetAsync($"{Study}/page/1");
        var consent = await client.GetAsync($"{Study}/page/0");
        var postLater = await client.PostFormAsync($"{Study}/page/{later}", ParticipantClient.ValidAnswers(app.Definition.Pages[later].Questions), token);
        var finishEarly = await client.PostFormAsync($"{Study}/finish", [new("choice", "complete")], token);
        var done = await client.GetAsync($"{Study}/done");

        foreach (var r in new[] { skip, back, consent, postLater, finishEarly, done })
        {
            Assert.Equal(303, r.Status);
            Assert.Equal($"{Study}/page/{globalPage}", r.Location);
        }
        var me = await client.MeAsync();
        Assert.Equal(globalPage, me.CurrentPage);
        Assert.Equal(ParticipantStatus.Active, me.Status);
        Assert.Empty(await app.Responses.ListAnswersAsync(me.Id));
    }

    [Fact]
    public async Task A_double_submit_moves_one_page()
    {
        var client = app.NewClient();
        var page = await client.EnrolAsync();
        var token = ParticipantClient.TokenOf(page);

        var first = await client.PostFormAsync($"{Study}/page/1", [], token);
        var second = await client.PostFormAsync($"{Study}/page/1", [], token);

        // The page after the overview is the tutorial of the participant's tool (kaur2020 has one per tool level).
        var me = await client.MeAsync();
        var next = app.Definition.Pages.ToList().FindIndex(p => p.Kind == MisuseLab.Study.Definitions.PageKind.Tutorial && p.IsShownTo(app.Definition.Cell(me.CellId).Levels));
        Assert.Equal((303, 303), (first.Status, second.Status));
        Assert.EndsWith($"{Study}/page/{next}", (await client.FollowAsync(first)).Url);
        Assert.EndsWith($"{Study}/page/{next}", (await client.FollowAsync(second)).Url);
        Assert.Equal(next, me.CurrentPage);
    }

    [Fact]
    public async Task Reloading_and_signing_in_again_resume_the_current_page_with_saved_answers()
    {
        var client = app.NewClient();
        var globalPage = app.Definition.IndexOf("global");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), globalPage);
        Assert.Equal(204, (await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers", """{"item":"global-confidence","value":"6"}""", ParticipantClient.TokenOf(page))).Status);
        const string checkedSix = "id=\"q-global-confidence-6\" name=\"answer.global-confidence\" value=\"6\" checked=\"checked\"";

        var reloaded = await client.GetAsync($"{Study}/page/{globalPage}");
        var joinAgain = await client.GetAsync($"/join/{StudyAppFixture.Slug}");

        Assert.Contains(checkedSix, reloaded.Body);
        Assert.Equal(302, joinAgain.Status);
        Assert.Equal(Study, joinAgain.Location);

        var laptop = app.NewClient(); // closed the tab, came back on another device: no cookies
        Assert.Equal(302, (await laptop.GetAsync($"{Study}/page/{globalPage}")).Status); // sign-in first
        var signedIn = await laptop.SignInAsync(client.Email);
        Assert.Equal(302, signedIn.Status);
        var resumed = await laptop.FollowAsync(await laptop.GetAsync(Study));
        Assert.EndsWith($"/page/{globalPage}", resumed.Url);
        Assert.Contains(checkedSix, resumed.Body);
        var views = (await app.Responses.ListEventsAsync((await client.MeAsync()).Id)).Count(e => e.PageId == "global" && e.Type == "page.view");
        Assert.Equal(3, views);
    }

    [Fact]
    public async Task A_finished_session_cannot_be_changed()
    {
        var client = app.NewClient();
        var last = app.Definition.Pages.Count - 1;
        var debrief = await client.AdvanceToAsync(app, await client.EnrolAsync(), last);
        var token = ParticipantClient.TokenOf(debrief);
        var done = await client.FollowAsync(await client.PostFormAsync($"{Study}/finish", [new("choice", "complete")], token));
        var me = await client.MeAsync();
        var answers = await app.Responses.ListAnswersAsync(me.Id);
        var events = await app.Responses.ListEventsAsync(me.Id);

        var save = await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers", """{"item":"correct-confidence","value":"1"}""", token);
        var hover = await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/events", """{"type":"chart.hover","page":1,"detail":{}}""", token);
        var oldPage = await client.GetAsync($"{Study}/page/{app.Definition.IndexOf("local-correct")}");
        var oldSubmit = await client.PostFormAsync($"{Study}/page/{app.Definition.IndexOf("local-correct")}", [new("answer.correct-confidence", "1")], token);
        var withdraw = await client.PostFormAsync($"{Study}/finish", [new("choice", "withdraw")], token);

        Assert.Contains("Thank you, you are done", done.Body);
        Assert.Equal(409, save.Status);
        Assert.Equal(409, hover.Status);
        Assert.Equal($"{Study}/done", oldPage.Location);
        Assert.Equal($"{Study}/done", oldSubmit.Location);
        Assert.Equal($"{Study}/withdraw", withdraw.Location); // the confirmation, which a finished session does not get
        Assert.Equal(Study, (await client.PostFormAsync($"{Study}/withdraw", [new("confirm", "yes")], token)).Location);
        var after = await client.MeAsync();
        Assert.Equal(ParticipantStatus.Completed, after.Status);
        Assert.Equal(me.CompletionCode, after.CompletionCode);
        Assert.Equal(answers, await app.Responses.ListAnswersAsync(me.Id));
        Assert.Equal(events, await app.Responses.ListEventsAsync(me.Id));
    }

    [Fact]
    public async Task Declining_consent_keeps_nothing_and_leaves_the_invitation_unused()
    {
        var client = app.NewClient();
        var code = await app.NewInviteCodeAsync();
        var consent = await client.RegisterThroughJoinAsync("?code=" + code);
        Assert.Contains(app.Definition.Consent.AgreeLabel, consent.Body);
        var slotsBefore = (await app.Participants.ListSlotsAsync(app.Version.Id)).Count;

        var declined = await client.PostFormAsync($"/join/{StudyAppFixture.Slug}", [new("decision", "decline"), new("code", code)], ParticipantClient.TokenOf(consent));

        Assert.Equal(200, declined.Status);
        Assert.Contains("Nothing about you was stored", declined.Body);
        var user = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(client.Email);
        Assert.Null(await app.Participants.FindByUserAsync(app.Version.StudyId, user!.Id));
        Assert.Null((await app.Participants.FindInviteCodeAsync(code))!.UsedBy);
        Assert.Equal(slotsBefore, (await app.Participants.ListSlotsAsync(app.Version.Id)).Count);
        Assert.Equal($"/join/{StudyAppFixture.Slug}", (await client.GetAsync(Study)).Location);
    }

    [Fact]
    public async Task An_invitation_study_needs_a_valid_unused_code()
    {
        var used = app.NewClient();
        await used.EnrolAsync();
        var usedCode = (await used.MeAsync()).EntryCode!;
        var visitor = app.NewClient();

        var noCode = await visitor.GetAsync($"/join/{StudyAppFixture.Slug}");
        var unknown = await visitor.GetAsync($"/join/{StudyAppFixture.Slug}?code=NOT-A-CODE");
        var taken = await visitor.GetAsync($"/join/{StudyAppFixture.Slug}?code={usedCode}");
        var missing = await visitor.GetAsync("/join/no-such-study");

        Assert.Equal(403, noCode.Status);
        Assert.Contains("by invitation", noCode.Body);
        Assert.Equal(403, unknown.Status);
        Assert.Equal(403, taken.Status);
        Assert.Contains("already been used", taken.Body);
        Assert.Equal(404, missing.Status);
    }
}
