using System.Text.Json.Nodes;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

[Collection(StudyCollection.Name)]
public sealed class ImportTests(StudyAppFixture app)
{
    [Fact]
    public async Task A_valid_study_file_becomes_a_draft_with_its_hash()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();

        var id = await client.ImportAsync(json);

        var version = await app.Studies().FindVersionAsync(id);
        Assert.NotNull(version);
        Assert.Equal(StudyStatus.Draft, version.Status);
        Assert.Equal(slug, version.Slug);
        Assert.Equal(MisuseLab.Study.Definitions.StudyHash.Compute(json), version.StudyHash);
        Assert.Null(version.LaunchedAt);
        var page = await client.GetAsync($"/facilitator/versions/{id}");
        Assert.Contains("status-draft", page.Body);
        Assert.Contains("Imported " + slug, page.Decode());
        var list = await client.GetAsync("/facilitator");
        Assert.Contains(slug, list.Body);
    }

    [Fact]
    public async Task An_invalid_file_shows_every_error_with_code_path_and_line_and_stores_nothing()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy(root =>
        {
            root["conditions"]!["cells"]![0]!.AsObject()["colour"] = "blue";
            root["assignment"]!["block_size"] = 3;
        });

        var response = await client.PostImportAsync(json);

        Assert.Equal(400, response.Status);
        var body = response.Decode();
        Assert.Contains("STUDY004", body);
        Assert.Contains("$.conditions.cells[0].colour", body);
        Assert.Contains("STUDY018", body);
        Assert.Contains("$.assignment.block_size", body);
        Assert.Matches(@"<td>\d+:\d+</td>", response.Body); // line:column of the unknown property
        Assert.Null(await app.Studies().FindStudyAsync(slug));
    }

    [Fact]
    public async Task Malformed_json_reports_its_line_and_column()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);

        var response = await client.PostImportAsync("{\n  \"id\": \"broken\",\n  \"title\": \n}");

        Assert.Equal(400, response.Status);
        Assert.Contains("STUDY001", response.Body);
        Assert.Matches(@"<td>4:\d+</td>", response.Body);
    }

    [Fact]
    public async Task Importing_the_same_content_or_a_used_version_string_again_is_refused()
    {
        var client = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        await client.ImportAsync(json);

        var again = await client.PostImportAsync(json);
        var changed = JsonNode.Parse(json)!.AsObject();
        changed["title"] = "Changed title, same version";
        var sameVersion = await client.PostImportAsync(changed.ToJsonString());

        Assert.Equal(400, again.Status);
        Assert.Contains("already stored", again.Decode());
        Assert.Equal(400, sameVersion.Status);
        Assert.Contains("Raise \"version\"", sameVersion.Decode());
        Assert.Contains("1.0.1", sameVersion.Decode());
        Assert.Single(await app.Studies().ListVersionsAsync(slug));
    }
}
