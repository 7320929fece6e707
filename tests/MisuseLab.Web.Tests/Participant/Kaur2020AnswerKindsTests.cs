using System.Globalization;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// The question kinds kaur2020 2.0 asks (Kaur et al.'s survey): a number out of its range, an unknown multi-select
/// option and a NASA-TLX with a subscale missing are each refused with 400 and store nothing; screening on ML
/// experience admits 3 and screens out 2.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class Kaur2020AnswerKindsTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;
    private const string Answers = "/api/study/" + StudyAppFixture.Slug + "/answers";

    /// <summary>Registers and consents with a fresh invite code; returns the background form.</summary>
    private async Task<(ParticipantClient Client, Exchange Background)> AtBackgroundAsync()
    {
        var client = app.NewClient();
        var code = await app.NewInviteCodeAsync();
        var consent = await client.RegisterThroughJoinAsync("?code=" + code);
        var background = await client.FollowAsync(await client.PostFormAsync($"/join/{StudyAppFixture.Slug}", [new("decision", "agree"), new("code", code)], ParticipantClient.TokenOf(consent)));
        Assert.EndsWith("/background", background.Url);
        return (client, background);
    }

    private List<KeyValuePair<string, string>> Background(string item, string value) =>
        [.. ParticipantClient.ValidAnswers(app.Definition.Background).Select(a => a.Key == "answer." + item ? new(a.Key, value) : a)];

    [Fact]
    public async Task A_number_outside_its_range_is_a_400_on_the_background_form_and_stores_nothing()
    {
        var (client, background) = await AtBackgroundAsync();
        var range = app.Definition.Background.Single(q => q.Id == "bg-role-years").Range!;
        foreach (var bad in new[] { (range.Max + 1).ToString(CultureInfo.InvariantCulture), "-1", "many", "" })
        {
            var refused = await client.PostFormAsync($"{Study}/background", Background("bg-role-years", bad), ParticipantClient.TokenOf(background));
            Assert.True(refused.Status == 400, $"'{bad}': expected 400, found {refused.Status}");
            var me = await client.MeAsync();
            Assert.Empty(await app.Responses.ListBackgroundAsync(me.Id));
            Assert.NotEqual(ParticipantStatus.ScreenedOut, me.Status);
        }
        var hours = app.Definition.Background.Single(q => q.Id == "bg-hours-interpretability");
        Assert.True(hours.Range!.Integer);
        Assert.Equal(400, (await client.PostFormAsync($"{Study}/background", Background(hours.Id, "2.5"), ParticipantClient.TokenOf(background))).Status);

        // The boundary is inside: the same form with the range's maximum is accepted and stored in invariant form.
        var accepted = await client.FollowAsync(await client.PostFormAsync($"{Study}/background", Background("bg-role-years", range.Max.ToString(CultureInfo.InvariantCulture)), ParticipantClient.TokenOf(background)));
        Assert.EndsWith("/page/1", accepted.Url);
        var stored = await app.Responses.ListBackgroundAsync((await client.MeAsync()).Id);
        Assert.Equal(range.Max.ToString(CultureInfo.InvariantCulture), stored.Single(a => a.ItemId == "bg-role-years").Value);
        Assert.Equal(app.Definition.Background.Count, stored.Count);
    }

    [Fact]
    public async Task Screening_on_ml_experience_admits_three_and_screens_out_two()
    {
        Assert.Equal(("bg-ml-experience", (double?)3), (app.Definition.Screening!.Item, app.Definition.Screening.Min));
        var (low, lowForm) = await AtBackgroundAsync();
        var end = await low.FollowAsync(await low.PostFormAsync($"{Study}/background", Background("bg-ml-experience", "2"), ParticipantClient.TokenOf(lowForm)));
        Assert.Equal(ParticipantStatus.ScreenedOut, (await low.MeAsync()).Status);
        Assert.Contains("Thank you for your interest", end.Body);

        var (three, threeForm) = await AtBackgroundAsync();
        var first = await three.FollowAsync(await three.PostFormAsync($"{Study}/background", Background("bg-ml-experience", "3"), ParticipantClient.TokenOf(threeForm)));
        Assert.EndsWith("/page/1", first.Url);
        Assert.Equal(ParticipantStatus.Active, (await three.MeAsync()).Status);
    }

    [Fact]
    public async Task An_unknown_multi_select_option_is_a_400_and_stores_nothing()
    {
        var client = app.NewClient();
        var global = app.Definition.IndexOf("global");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), global);
        var token = ParticipantClient.TokenOf(page);
        var options = app.Definition.Pages[global].Questions.Single(q => q.Id == "global-visualizations").Options;
        var me = await client.MeAsync();

        foreach (var bad in new[] { options.Count.ToString(CultureInfo.InvariantCulture), "0,99", "[\"A chart I made up\"]", "0,x" })
        {
            var refused = await client.PostJsonAsync(Answers, System.Text.Json.JsonSerializer.Serialize(new { item = "global-visualizations", value = bad }), token);
            Assert.True(refused.Status == 400, $"'{bad}': expected 400, found {refused.Status} {refused.Body}");
        }
        var form = ParticipantClient.ValidAnswers(app.Definition.Pages[global].Questions)
            .Select(a => a.Key == "answer.global-visualizations" ? new(a.Key, "0," + options.Count.ToString(CultureInfo.InvariantCulture)) : a).ToList();
        var pageRefused = await client.PostFormAsync($"{Study}/page/{global}", form, token);
        Assert.Equal(400, pageRefused.Status);
        Assert.Empty(await app.Responses.ListAnswersAsync(me.Id));
        Assert.Equal(global, (await client.MeAsync()).CurrentPage);

        // Option numbers as the form sends them are stored as the options' texts, in option order.
        Assert.Equal(204, (await client.PostJsonAsync(Answers, """{"item":"global-visualizations","value":"3,1"}""", token)).Status);
        var stored = Assert.Single(await app.Responses.ListAnswersAsync(me.Id));
        Assert.Equal(MultiSelectAnswer.Normalise(options, [1, 3]), stored.Value);
    }

    [Fact]
    public async Task A_nasa_tlx_with_a_subscale_missing_is_a_400_and_stores_nothing_and_all_six_move_on()
    {
        var client = app.NewClient();
        var workload = app.Definition.IndexOf("workload");
        var page = await client.AdvanceToAsync(app, await client.EnrolAsync(), workload);
        var me = await client.MeAsync();
        var before = (await app.Responses.ListAnswersAsync(me.Id)).Count;
        var six = ParticipantClient.ValidAnswers(app.Definition.Pages[workload].Questions).ToList();
        Assert.Equal(NasaTlx.Dimensions.Select(d => "answer." + NasaTlx.ItemId("end-tlx", d)), six.Select(a => a.Key));

        foreach (var missing in new[] { "mental", "performance", "frustration" })
        {
            var five = six.Where(a => a.Key != "answer.end-tlx:" + missing).ToList();
            var refused = await client.PostFormAsync($"{Study}/page/{workload}", five, ParticipantClient.TokenOf(page));
            Assert.True(refused.Status == 400, $"without {missing}: expected 400, found {refused.Status}");
            Assert.Equal(before, (await app.Responses.ListAnswersAsync(me.Id)).Count);
            Assert.Equal(workload, (await client.MeAsync()).CurrentPage);
        }
        // The question as a whole is not an item, nor is a subscale TLX does not have.
        Assert.Equal(400, (await client.PostJsonAsync(Answers, """{"item":"end-tlx","value":"4"}""", ParticipantClient.TokenOf(page))).Status);
        Assert.Equal(400, (await client.PostJsonAsync(Answers, """{"item":"end-tlx:boredom","value":"4"}""", ParticipantClient.TokenOf(page))).Status);
        Assert.Equal(400, (await client.PostJsonAsync(Answers, """{"item":"end-tlx:mental","value":"8"}""", ParticipantClient.TokenOf(page))).Status);
        Assert.Equal(before, (await app.Responses.ListAnswersAsync(me.Id)).Count);

        var next = await client.SubmitPageAsync(page, workload, six);
        Assert.EndsWith($"/page/{workload + 1}", next.Url);
        var tlx = (await app.Responses.ListAnswersAsync(me.Id)).Where(a => a.ItemId.StartsWith("end-tlx:", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, tlx.Count);
        Assert.All(tlx, a => Assert.Equal("4", a.Value));
    }
}
