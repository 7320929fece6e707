using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Screening (study file <c>screening</c>): an answer outside the rule's bounds ends the session after the background
/// form with a polite end page (no debrief: no condition was shown), frees the assignment slot for the next newcomer,
/// is counted by the monitor, exported as screened-out and left out of every analysed sample.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class ScreeningTests(StudyAppFixture app)
{
    private const string Slug = "demo-screening";
    private const string Rule = "bg-ml-daily";

    private async Task<StudyVersionRecordHolder> LaunchAsync()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        root["id"] = Slug;
        root["analysis"]!.AsObject().Remove("covariates"); // demo's covariates are default background items, replaced here
        root["background"] = new JsonArray(
            JsonNode.Parse("""{ "id": "bg-role", "kind": "choice", "prompt": "Your role?", "options": ["Data scientist", "Other"] }"""),
            JsonNode.Parse($$"""{ "id": "{{Rule}}", "kind": "likert", "prompt": "How much is ML part of your daily work?", "scale": { "min": 1, "max": 7, "anchors": { "1": "Not at all", "7": "Extremely" } } }"""));
        root["screening"] = JsonNode.Parse($$"""{ "item": "{{Rule}}", "min": 3 }""");
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-screening-").FullName, Slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);
        return new StudyVersionRecordHolder(version.Id, version.StudyId);
    }

    private sealed record StudyVersionRecordHolder(long VersionId, long StudyId);

    private static async Task<Exchange> JoinAsync(ParticipantClient client, int dailyMl)
    {
        var consent = await client.RegisterThroughJoinAsync("", Slug);
        var background = await client.FollowAsync(await client.PostFormAsync($"/join/{Slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        return await client.FollowAsync(await client.PostFormAsync($"/study/{Slug}/background",
            [new("answer.bg-role", "Other"), new("answer." + Rule, dailyMl.ToString(System.Globalization.CultureInfo.InvariantCulture))], ParticipantClient.TokenOf(background)));
    }

    [Fact]
    public async Task A_participant_below_the_entry_rule_gets_a_polite_end_gives_back_the_slot_is_counted_and_is_never_analysed()
    {
        var study = await LaunchAsync();
        var definition = (await app.Services.GetRequiredService<MisuseLab.Platform.Studies.StudyCatalog>().FindFrozenAsync(study.VersionId, CancellationToken.None))!.Definition;

        var out1 = app.NewClient();
        var end = await JoinAsync(out1, dailyMl: 2);
        var screened = await out1.MeAsync(study.StudyId);
        Assert.Equal(ParticipantStatus.ScreenedOut, screened.Status);
        var page = await out1.FollowAsync(end);
        Assert.Equal(200, page.Status);
        Assert.Contains("Thank you for your interest", page.Body);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ScreeningRule.DefaultMessage), page.Body);
        foreach (var text in definition.Debrief.ConditionTexts.Values) Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(text), page.Body);
        Assert.DoesNotContain("completion code", page.Body, StringComparison.OrdinalIgnoreCase);
        // Their background answers are kept (they are counted), and no page of the study opens for them.
        Assert.Equal(2, (await app.Responses.ListBackgroundAsync(screened.Id)).Count);
        var again = await out1.GetAsync($"/study/{Slug}/page/1");
        Assert.EndsWith("/done", again.Location);
        var slots = await app.Participants.ListSlotsAsync(study.VersionId);
        Assert.Equal(SlotState.Free, slots.Single(s => s.Index == screened.SlotIndex).State);

        // The next newcomer takes the freed place, so the blocks stay as the schedule made them.
        var in1 = app.NewClient();
        await JoinAsync(in1, dailyMl: 3);
        var admitted = await in1.MeAsync(study.StudyId);
        Assert.Equal(ParticipantStatus.Active, admitted.Status);
        Assert.Equal(screened.SlotIndex, admitted.SlotIndex);

        var counts = await app.Services.GetRequiredService<StudyMonitorRepository>().CountAllAsync();
        Assert.Equal(1, counts.Where(c => c.StudyVersionId == study.VersionId && c.Status == ParticipantStatus.ScreenedOut).Sum(c => c.Count));

        var data = await app.Services.GetRequiredService<StudyDatasetLoader>().LoadAsync(Slug);
        var exported = data.Participants.Single(p => p.Record.Id == screened.Id);
        Assert.Equal("screened-out", exported.StatusName);
        var report = DeclaredAnalysis.Run(data)!;
        Assert.Contains(ExclusionScreen.ScreenedOut, report.Exclusions.Single(e => e.Pseudonym == screened.Pseudonym).Reasons);
        Assert.Equal(data.Participants.Count - 1, report.All.Participants);
    }

    [Fact]
    public void A_rule_on_an_unknown_item_or_one_admitting_nobody_is_refused_with_its_code()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        root["analysis"]!.AsObject().Remove("covariates");
        root["background"] = new JsonArray(JsonNode.Parse("""{ "id": "bg-ml", "kind": "likert", "prompt": "ML?", "scale": { "min": 1, "max": 7, "anchors": { "1": "Not at all", "7": "Extremely" } } }"""),
            JsonNode.Parse("""{ "id": "bg-role", "kind": "choice", "prompt": "Role?", "options": ["A", "B"] }"""));
        StudyError Only(string screening)
        {
            root["screening"] = JsonNode.Parse(screening);
            return Assert.Single(StudyValidator.Validate(root.ToJsonString()).Errors);
        }
        var unknown = Only("""{ "item": "bg-nothing", "min": 3 }""");
        Assert.Equal((StudyErrorCodes.BadScreeningItem, "$.screening.item"), (unknown.Code, unknown.Path));
        Assert.Equal(StudyErrorCodes.BadScreeningItem, Only("""{ "item": "bg-role", "min": 3 }""").Code);
        var nobody = Only("""{ "item": "bg-ml", "min": 8 }""");
        Assert.Equal((StudyErrorCodes.BadScreeningBounds, "$.screening.min"), (nobody.Code, nobody.Path));
        Assert.Equal(StudyErrorCodes.BadScreeningBounds, Only("""{ "item": "bg-ml", "min": 5, "max": 4 }""").Code);
        root["screening"] = JsonNode.Parse("""{ "item": "bg-ml" }"""); // no bound: the schema wants min or max
        Assert.NotEmpty(StudyValidator.Validate(root.ToJsonString()).Errors);
        Assert.Empty(StudyValidator.Validate(Only2(root, """{ "item": "bg-ml", "min": 3 }""")).Errors);
    }

    private static string Only2(JsonObject root, string screening)
    {
        root["screening"] = JsonNode.Parse(screening);
        return root.ToJsonString();
    }
}
