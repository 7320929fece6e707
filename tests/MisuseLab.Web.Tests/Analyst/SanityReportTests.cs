using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>
/// Launching runs the sanity checks of every explainer over at least 5 seeds and stores them with the version and its
/// study hash; the facilitator's version page and the analyst's page show each verdict, and export.zip holds sanity.json.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed class SanityReportTests(AnalystAppFixture app)
{
    [Fact]
    public async Task The_launch_stores_every_explainers_verdict_over_five_seeds_and_the_pages_and_the_export_show_them()
    {
        var stored = await app.Services.GetRequiredService<StudyRepository>().FindSanityAsync(app.Version.Id);
        Assert.NotNull(stored);
        Assert.Equal(app.Version.StudyHash, stored.StudyHash);
        using var report = JsonDocument.Parse(stored.ReportJson);
        Assert.True(report.RootElement.GetProperty("seeds").GetArrayLength() >= 5);
        var explainers = report.RootElement.GetProperty("explainers").EnumerateArray().ToList();
        Assert.Equal(app.Definition.Explainers.Select(e => e.Id).Order(), explainers.Select(e => e.GetProperty("explainer").GetString()!).Order());
        Assert.All(explainers, e => Assert.Contains(e.GetProperty("verdict").GetString(), new[] { "pass", "fail" }));
        Assert.All(explainers, e => Assert.Contains(e.GetProperty("tests").EnumerateArray(), t => t.GetProperty("seeds").GetInt32() >= 5));
        var verdict = explainers[0].GetProperty("verdict").GetString();

        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var version = await facilitator.GetStringAsync($"/facilitator/versions/{app.Version.Id}");
        Assert.Contains("Sanity checks of the explainers", version);
        Assert.Contains($"<td class=\"verdict\"><strong>{verdict}</strong></td>", version);
        Assert.Contains(app.Version.StudyHash, version);

        var analyst = await app.SignedInAsync(Roles.Analyst);
        var analysis = await analyst.GetStringAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        Assert.Contains($"data-explainer=\"{explainers[0].GetProperty("explainer").GetString()}\"", analysis);

        var zip = await analyst.GetAsync($"/analyst/studies/{AnalystAppFixture.Slug}/export.zip");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        var entry = archive.GetEntry("sanity.json");
        Assert.NotNull(entry);
        using var reader = new StreamReader(entry.Open());
        Assert.Equal(stored.ReportJson, await reader.ReadToEndAsync());
    }
}
