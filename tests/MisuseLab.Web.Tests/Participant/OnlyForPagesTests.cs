using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Pages with <c>only_for</c> (a tutorial per tool level, as Kaur et al. gave each participant their tool's tutorial):
/// a participant reaches the page of their cell's level and never the other one, whatever the assignment.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class OnlyForPagesTests(StudyAppFixture app)
{
    private const string Slug = "demo-only-for";

    private static JsonObject Demo()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        var pages = root["pages"]!.AsArray();
        // After the overview (index 1): one tutorial per fidelity level.
        pages.Insert(2, JsonNode.Parse("""{ "id": "tutorial-real", "kind": "tutorial", "title": "Reading the charts", "text": "Tutorial A.", "only_for": { "fidelity": "real" } }"""));
        pages.Insert(3, JsonNode.Parse("""{ "id": "tutorial-inverted", "kind": "tutorial", "title": "Reading the charts", "text": "Tutorial B.", "only_for": { "fidelity": "inverted" } }"""));
        return root;
    }

    [Fact]
    public async Task Each_participant_sees_the_tutorial_of_their_level_only()
    {
        var root = Demo();
        root["id"] = Slug;
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-onlyfor-").FullName, Slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);
        var definition = StudyValidator.Validate(root.ToJsonString()).Definition!;

        var seen = new HashSet<string>();
        for (var n = 0; n < 4; n++)
        {
            var client = app.NewClient();
            var consent = await client.RegisterThroughJoinAsync("", Slug);
            var background = await client.FollowAsync(await client.PostFormAsync($"/join/{Slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
            var page = await client.FollowAsync(await client.PostFormAsync($"/study/{Slug}/background", ParticipantClient.ValidAnswers(DefaultBackground.Questions), ParticipantClient.TokenOf(background)));
            var me = await client.MeAsync(version.StudyId);
            var level = definition.Cell(me.CellId).Levels["fidelity"];
            Assert.Equal(1, me.CurrentPage);

            page = await client.SubmitPageAsync(page, 1, [], Slug);
            var now = await client.MeAsync(version.StudyId);
            var expected = definition.Pages.Select((p, i) => (p, i)).First(x => x.p.Id == "tutorial-" + level).i;
            Assert.Equal(expected, now.CurrentPage);
            Assert.Contains(level == "real" ? "Tutorial A." : "Tutorial B.", page.Body);

            page = await client.SubmitPageAsync(page, expected, [], Slug);
            Assert.Equal(definition.Pages.Select((p, i) => (p, i)).First(x => x.p.Id == "global").i, (await client.MeAsync(version.StudyId)).CurrentPage);
            Assert.DoesNotContain(level == "real" ? "Tutorial B." : "Tutorial A.", string.Concat(client.Log.Select(e => e.Body)));
            seen.Add(level);
        }
        Assert.Equal(2, seen.Count); // four arrivals in blocks of the demo's design reach both levels
    }

    [Fact]
    public void Only_for_naming_an_unknown_factor_or_level_or_set_on_the_first_page_is_refused()
    {
        StudyError Only(Action<JsonObject> change)
        {
            var root = Demo();
            change(root);
            return Assert.Single(StudyValidator.Validate(root.ToJsonString()).Errors);
        }
        var factor = Only(r => r["pages"]![2]!["only_for"] = JsonNode.Parse("""{ "tool": "gam" }"""));
        Assert.Equal((StudyErrorCodes.BadOnlyFor, "$.pages[2].only_for.tool"), (factor.Code, factor.Path));
        Assert.Equal(StudyErrorCodes.BadOnlyFor, Only(r => r["pages"]![2]!["only_for"] = JsonNode.Parse("""{ "fidelity": "faithful" }""")).Code);
        var first = Only(r => r["pages"]![1]!["only_for"] = JsonNode.Parse("""{ "fidelity": "real" }"""));
        Assert.Equal((StudyErrorCodes.BadOnlyFor, "$.pages[1].only_for"), (first.Code, first.Path));
        Assert.Empty(StudyValidator.Validate(Demo().ToJsonString()).Errors);
    }
}
