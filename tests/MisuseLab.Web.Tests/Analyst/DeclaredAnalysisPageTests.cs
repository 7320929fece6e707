using System.Net;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>The analyst page shows demo.json's declared analysis as captioned tables, for both samples.</summary>
[Collection(AnalystCollection.Name)]
public sealed class DeclaredAnalysisPageTests(AnalystAppFixture app)
{
    [Fact]
    public async Task The_declared_analysis_is_shown_with_and_without_exclusions()
    {
        var population = await AnalystPopulation.EnsureAsync(app);
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var response = await analyst.GetAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<h2 id=\"declared-heading\">Declared analysis (confirmatory)</h2>", html);
        Assert.Contains("Ratings (exploratory)", html);
        foreach (var reason in new[] { "incomplete", "failed-catch", "too-fast" }) Assert.Contains($"data-reason=\"{reason}\"", html);
        foreach (var sample in new[] { "included", "all" })
        {
            Assert.Contains($"id=\"declared-{sample}\"", html);
            Assert.Contains($"id=\"declared-{sample}-rate-explanations-reasonable\"", html);
        }
        // The everyone sample counts every participant the dataset holds (withdrawn ones are left out).
        var everyone = population.Count(p => p.Record.Status != MisuseLab.Storage.Participants.ParticipantStatus.Withdrawn);
        Assert.Contains(WebUtility.HtmlEncode($"Everyone, no exclusions (n = {everyone})"), html);
        Assert.Contains("<caption>rate-explanations-reasonable: cumulative-logit model ~ fidelity</caption>", html);
    }
}
