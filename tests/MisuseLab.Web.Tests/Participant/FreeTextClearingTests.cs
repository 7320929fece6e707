using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Free text that is emptied is not an answer: a required one is refused (400, nothing stored, the page stays), and
/// an optional one that is cleared — by the autosave or on the submitted form — loses its stored answer.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class FreeTextClearingTests(StudyAppFixture app)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _slug;

    /// <summary>studies/demo.json with a free-text page (one required, one optional question) before the debrief.</summary>
    private async Task<string> LaunchAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_slug is not null) return _slug;
            var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
            var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
            root["id"] = "demo-free-text";
            var pages = root["pages"]!.AsArray();
            pages.Insert(pages.Count - 1, JsonNode.Parse("""
                { "id": "comments", "kind": "free-text", "title": "Your comments", "questions": [
                  { "id": "why-required", "kind": "text", "prompt": "Why did you rate the model as you did?", "max_length": 500, "required": true },
                  { "id": "else-optional", "kind": "text", "prompt": "Anything else?", "max_length": 500, "required": false } ] }
                """));
            var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-freetext-").FullName, "demo-free-text.json");
            await File.WriteAllTextAsync(file, root.ToJsonString());
            await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);
            return _slug = "demo-free-text";
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task An_emptied_required_text_is_refused_and_an_emptied_optional_text_is_cleared()
    {
        var slug = await LaunchAsync();
        var client = app.NewClient();
        var consent = await client.RegisterThroughJoinAsync("", slug);
        var background = await client.FollowAsync(await client.PostFormAsync($"/join/{slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        var page = await client.FollowAsync(await client.PostFormAsync($"/study/{slug}/background",
            ParticipantClient.ValidAnswers(DefaultBackground.Questions), ParticipantClient.TokenOf(background)));
        var version = await app.Services.GetRequiredService<MisuseLab.Storage.Studies.StudyRepository>().FindCurrentVersionAsync(slug);
        var definition = app.Services.GetRequiredService<MisuseLab.Platform.Studies.StudyCatalog>().DefinitionOf(version!);
        var comments = definition.Pages.ToList().FindIndex(p => p.Id == "comments");
        for (var index = 1; index < comments; index++)
        {
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(definition.Pages[index].Questions), slug);
        }
        Assert.EndsWith($"/page/{comments}", page.Url);
        var me = await client.MeAsync(version!.StudyId);
        var token = ParticipantClient.TokenOf(page);
        async Task<Dictionary<string, string>> StoredAsync() =>
            (await app.Responses.ListAnswersAsync(me.Id)).Where(a => a.PageId == "comments").ToDictionary(a => a.ItemId, a => a.Value);
        var api = $"/api/study/{slug}/answers";

        // Type, autosave, delete, autosave: nothing is left, not an empty string.
        Assert.Equal(204, (await client.PostJsonAsync(api, """{"item":"why-required","value":"Because."}""", token)).Status);
        Assert.Equal(204, (await client.PostJsonAsync(api, """{"item":"else-optional","value":"More."}""", token)).Status);
        Assert.Equal(204, (await client.PostJsonAsync(api, """{"item":"why-required","value":"   "}""", token)).Status);
        Assert.Equal(["else-optional"], (await StoredAsync()).Keys);

        // Next with the required text empty: 400, nothing stored, still on the page.
        var refused = await client.PostFormAsync($"/study/{slug}/page/{comments}", [new("answer.why-required", ""), new("answer.else-optional", "More.")], token);
        Assert.Equal(400, refused.Status);
        Assert.Contains("Answer this question to continue.", refused.Body);
        Assert.Equal(new Dictionary<string, string> { ["else-optional"] = "More." }, await StoredAsync());
        Assert.Equal(comments, (await client.MeAsync(version.StudyId)).CurrentPage);

        // The required text answered, the optional one emptied on the form: the optional answer is gone.
        var next = await client.PostFormAsync($"/study/{slug}/page/{comments}", [new("answer.why-required", "It looked right."), new("answer.else-optional", "")], token);
        Assert.Equal(303, next.Status);
        Assert.Equal(new Dictionary<string, string> { ["why-required"] = "It looked right." }, await StoredAsync());
        Assert.Equal(comments + 1, (await client.MeAsync(version.StudyId)).CurrentPage);
    }
}
