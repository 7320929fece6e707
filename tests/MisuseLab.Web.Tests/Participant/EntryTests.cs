using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Open enrolment, Prolific ids, the default background form, paused studies (studies/demo.json).</summary>
[Collection(StudyCollection.Name)]
public sealed class EntryTests(StudyAppFixture app)
{
    private async Task<(ParticipantClient Client, Exchange Consent)> VisitDemoAsync(string query)
    {
        var client = app.NewClient();
        return (client, await client.RegisterThroughJoinAsync(query, "demo"));
    }

    [Fact]
    public async Task Open_enrolment_needs_no_code_and_asks_the_default_background_questions()
    {
        var (client, consent) = await VisitDemoAsync("");
        var background = await client.FollowAsync(await client.PostFormAsync("/join/demo", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        Assert.EndsWith("/study/demo/background", background.Url);
        foreach (var q in DefaultBackground.Questions)
        {
            Assert.Contains(q.Prompt, background.Body);
        }

        var first = await client.FollowAsync(await client.PostFormAsync("/study/demo/background",
            ParticipantClient.ValidAnswers(DefaultBackground.Questions), ParticipantClient.TokenOf(background)));

        Assert.EndsWith("/study/demo/page/1", first.Url);
        var me = await client.MeAsync(app.Demo.StudyId);
        Assert.Equal((EntryKind.Open, null, ParticipantStatus.Active), (me.Entry, me.EntryCode, me.Status));
        var stored = await app.Responses.ListBackgroundAsync(me.Id);
        Assert.Equal(["bg-familiar-gam", "bg-familiar-shap", "bg-ml-years", "bg-role"], stored.Select(b => b.ItemId));
        Assert.Equal(["4", "4", "More than 10", "Other"], stored.Select(b => b.Value));
    }

    [Fact]
    public async Task A_prolific_id_is_recorded_and_a_malformed_one_is_refused()
    {
        var (client, consent) = await VisitDemoAsync("?PROLIFIC_PID=5f3c0a9e1d2b4c6e8a7f9b01");
        Assert.Contains("name=\"PROLIFIC_PID\" value=\"5f3c0a9e1d2b4c6e8a7f9b01\"", consent.Body);
        await client.PostFormAsync("/join/demo", [new("decision", "agree"), new("PROLIFIC_PID", "5f3c0a9e1d2b4c6e8a7f9b01")], ParticipantClient.TokenOf(consent));

        var me = await client.MeAsync(app.Demo.StudyId);
        Assert.Equal((EntryKind.Prolific, "5f3c0a9e1d2b4c6e8a7f9b01"), (me.Entry, me.EntryCode));
        Assert.Equal(400, (await app.NewClient().GetAsync("/join/demo?PROLIFIC_PID=not%20an%20id")).Status);
    }

    [Fact]
    public async Task A_paused_study_turns_newcomers_away_but_lets_its_participants_continue()
    {
        var (client, consent) = await VisitDemoAsync("");
        var background = await client.FollowAsync(await client.PostFormAsync("/join/demo", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        var studies = app.Services.GetRequiredService<StudyRepository>();
        await studies.SetStatusAsync(app.Demo.Id, StudyStatus.Paused);
        try
        {
            var newcomer = app.NewClient();
            var turnedAway = await newcomer.GetAsync("/join/demo");
            var continued = await client.FollowAsync(await client.PostFormAsync("/study/demo/background",
                ParticipantClient.ValidAnswers(DefaultBackground.Questions), ParticipantClient.TokenOf(background)));

            Assert.Equal(403, turnedAway.Status);
            Assert.Contains("paused", turnedAway.Body);
            Assert.Equal(200, continued.Status);
            Assert.EndsWith("/study/demo/page/1", continued.Url);
        }
        finally
        {
            await studies.LaunchAsync(app.Demo.Id, DateTimeOffset.UtcNow);
        }
    }
}
