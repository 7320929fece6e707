using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>Edit a draft, launch it (hash, stimuli), the frozen version refuses edits, a new version continues.</summary>
[Collection(StudyCollection.Name)]
public sealed class DraftLifecycleTests(StudyAppFixture app)
{
    private static (string, string)[] EditFields(int weightReal, int weightInverted, int blockSize, string mode = "open", string target = "") =>
    [
        ("Cells[0].Id", "demo-real"), ("Cells[0].Weight", weightReal.ToString()), ("Cells[0].Manipulation", "real"),
        ("Cells[1].Id", "demo-inverted"), ("Cells[1].Weight", weightInverted.ToString()), ("Cells[1].Manipulation", "inverted"),
        ("BlockSize", blockSize.ToString()), ("EnrolmentMode", mode), ("TargetParticipants", target), ("CompletionUrl", ""),
    ];

    [Fact]
    public async Task Editing_weights_stores_a_new_draft_that_validates_and_a_breaking_edit_stores_nothing()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (_, json) = FacilitatorSteps.DemoStudy();
        var id = await client.ImportAsync(json);
        var before = (await app.Studies().FindVersionAsync(id))!;

        var broken = await client.PostFromAsync($"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/edit", EditFields(2, 1, 2));
        Assert.Equal(400, broken.Status);
        Assert.Contains("STUDY018", broken.Body);
        Assert.Contains("$.assignment.block_size", broken.Body);
        Assert.Equal(before.StudyHash, (await app.Studies().FindVersionAsync(id))!.StudyHash);

        var saved = await client.PostFromAsync($"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/edit", EditFields(2, 1, 6, target: "120"));
        Assert.Equal(302, saved.Status);
        var after = (await app.Studies().FindVersionAsync(id))!;
        Assert.Equal(StudyStatus.Draft, after.Status);
        Assert.NotEqual(before.StudyHash, after.StudyHash);
        var result = StudyValidator.Validate(after.DefinitionJson);
        Assert.True(result.IsValid);
        Assert.Equal(result.Hash, after.StudyHash);
        Assert.Equal([2, 1], result.Definition!.Conditions.Cells.Select(c => c.Weight));
        Assert.Equal(6, result.Definition.Assignment.BlockSize);
        Assert.Equal(120, result.Definition.Enrolment.TargetParticipants);
        Assert.Equal(before.Version, after.Version);
        // Untouched parts stay as written.
        Assert.Equal(StudyValidator.Validate(before.DefinitionJson).Definition!.Debrief.Text, result.Definition.Debrief.Text);
    }

    [Fact]
    public async Task Editing_the_full_json_reports_errors_with_paths_and_keeps_the_draft()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await client.ImportAsync(json);
        var changed = JsonNode.Parse(json)!.AsObject();
        changed["pages"]![1]!.AsObject()["kind"] = "overvue";

        var response = await client.PostFromAsync($"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/json", ("json", changed.ToJsonString()));
        var otherId = JsonNode.Parse(json)!.AsObject();
        otherId["id"] = slug + "-x";
        var renamed = await client.PostFromAsync($"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/json", ("json", otherId.ToJsonString()));

        Assert.Equal(400, response.Status);
        Assert.Contains("STUDY007", response.Body);
        Assert.Contains("$.pages[1].kind", response.Body);
        Assert.Equal(400, renamed.Status);
        Assert.Contains("A different id is a different study", response.Decode() + renamed.Decode());
        Assert.Equal(json, (await app.Studies().FindVersionAsync(id))!.DefinitionJson);
    }

    [Fact]
    public async Task Launching_freezes_the_version_shows_its_hash_and_stores_its_stimuli()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await client.ImportAsync(json);

        var page = await client.LaunchAsync(app, id);

        var version = (await app.Studies().FindVersionAsync(id))!;
        Assert.Equal(StudyStatus.Open, version.Status);
        Assert.NotNull(version.LaunchedAt);
        Assert.Contains($"<code id=\"study-hash\">{version.StudyHash}</code>", page.Body);
        Assert.Equal(StudyHash.Compute(json), version.StudyHash);
        var definition = StudyValidator.Validate(json).Definition!;
        var contentPages = definition.Pages.Count(p => p.Kind is PageKind.Overview or PageKind.Global or PageKind.Local);
        var stored = await app.Stimuli.CountAsync(id);
        Assert.Equal(definition.Conditions.Cells.Count * contentPages, stored);
        Assert.Contains($"<dd id=\"stimulus-count\">{stored}</dd>", page.Body);
        Assert.NotNull(await app.Stimuli.FindAsync(id, "demo-inverted", "global"));
        Assert.Equal(id, (await app.Studies().FindStudyAsync(slug))!.CurrentVersionId);
    }

    [Fact]
    public async Task A_launched_version_refuses_every_edit_and_a_new_version_bumps_the_version_string()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await client.ImportAsync(json);
        await client.LaunchAsync(app, id);
        var frozen = (await app.Studies().FindVersionAsync(id))!;

        var editPage = await client.GetAsync($"/facilitator/versions/{id}/edit");
        var edit = await client.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/edit", EditFields(2, 1, 6));
        var jsonEdit = await client.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/json", ("json", json.Replace("MisuseLab demo", "Changed")));
        var relaunch = await client.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/launch");
        var direct = await Assert.ThrowsAsync<MisuseLab.Storage.StorageException>(() =>
            app.Services.GetRequiredService<StudyDraftRepository>().ReplaceDraftAsync(id, "1.0.0", "other-hash", "{}"));

        Assert.Equal(409, editPage.Status);
        Assert.Contains("New version from 1.0.0", editPage.Body);
        Assert.Equal(409, edit.Status);
        Assert.Equal(409, jsonEdit.Status);
        Assert.Equal(409, relaunch.Status);
        Assert.Contains("frozen", direct.Message);
        Assert.Equal(frozen, await app.Studies().FindVersionAsync(id));

        var created = await client.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/new-version");
        Assert.Equal(302, created.Status);
        var versions = await app.Studies().ListVersionsAsync(slug);
        Assert.Equal(["1.0.0", "1.0.1"], versions.Select(v => v.Version));
        var draft = versions[1];
        Assert.Equal(StudyStatus.Draft, draft.Status);
        Assert.Equal($"/facilitator/versions/{draft.Id}/edit", created.Location);
        Assert.Equal("1.0.1", StudyValidator.Validate(draft.DefinitionJson).Definition!.Version);

        var saved = await client.PostFromAsync($"/facilitator/versions/{draft.Id}/edit", $"/facilitator/versions/{draft.Id}/edit", EditFields(1, 3, 4));
        Assert.Equal(302, saved.Status);
        await client.LaunchAsync(app, draft.Id);
        Assert.Equal(StudyStatus.Closed, (await app.Studies().FindVersionAsync(id))!.Status);
        Assert.Equal(StudyStatus.Open, (await app.Studies().FindVersionAsync(draft.Id))!.Status);
        Assert.Equal(draft.Id, (await app.Studies().FindStudyAsync(slug))!.CurrentVersionId);

        var third = await client.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/new-version");
        Assert.Equal(302, third.Status);
        Assert.Equal("1.0.2", (await app.Studies().ListVersionsAsync(slug))[^1].Version);
    }
}
