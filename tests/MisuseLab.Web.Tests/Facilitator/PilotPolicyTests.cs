using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Pilots;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>
/// The oracle pilot answers locate and remedy pages from the study's defects: a study without such pages neither offers
/// it nor accepts it. (Offering and running it on a study with task pages: Browser/TaskPagesJourneyTests.)
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class PilotPolicyTests(StudyAppFixture app)
{
    [Fact]
    public async Task A_study_without_task_pages_offers_no_oracle_and_a_posted_oracle_pilot_is_refused_storing_nothing()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);
        await facilitator.LaunchAsync(app, id);

        var page = await facilitator.GetAsync($"/facilitator/studies/{slug}");
        Assert.Equal(200, page.Status);
        foreach (var policy in PilotRuns.Policies) Assert.Contains($"<option value=\"{policy}\">", page.Body);
        Assert.DoesNotContain("value=\"oracle\"", page.Body);

        var refused = await facilitator.PostFromAsync($"/facilitator/studies/{slug}", $"/facilitator/studies/{slug}/pilot", ("bots", "2"), ("policy", "oracle"));
        Assert.True(refused.Status == 400, $"{refused.Status}: {refused.Body}");
        Assert.Contains("found &#x27;oracle&#x27;", refused.Body);
        Assert.Contains("The oracle answers locate and remedy pages", refused.Body);
        Assert.Null(app.Services.GetRequiredService<PilotRuns>().Find(slug));
        var actions = (await app.Services.GetRequiredService<StudyAudit>().ForStudyAsync(slug, CancellationToken.None)).Select(e => e.Action);
        Assert.DoesNotContain("study.pilot-started", actions);
    }
}
