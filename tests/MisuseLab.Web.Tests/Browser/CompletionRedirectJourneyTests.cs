using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// A panel participant's last click: the debrief's form posts, the server answers 303 to the panel's completion URL
/// (another origin), and Chromium must follow it under the CSP's form-action (which governs the redirect chain of a
/// form submission). The panel is Playwright's routing: no request leaves the machine.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CompletionRedirectJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const string CompletionUrl = "https://app.prolific.com/submissions/complete?cc=C1MISUSE";
    private const string PanelId = "5f9c0a1b2c3d4e5f6a7b8c9d";

    [Fact]
    public async Task After_the_debrief_the_browser_arrives_at_the_panel_s_completion_url_with_no_CSP_violation()
    {
        var slug = await LaunchPanelDemoAsync();
        var journal = new BrowserJournal("completion", output);
        await using var context = await app.NewContextAsync();
        var panel = new List<string>();
        await context.RouteAsync("https://app.prolific.com/**", async route =>
        {
            lock (panel) panel.Add(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200, ContentType = "text/html; charset=utf-8",
                Body = "<!doctype html><html lang=\"en\"><head><title>Panel: submission complete</title></head><body><main><h1>Thanks</h1></main></body></html>",
            });
        });
        var page = await journal.OpenAsync(context, drawsCharts: true);

        // Arrive as the panel sends people, with their panel id: an account study sends them through registration and
        // sign-in first, a link study (demo) straight to the consent and then to the page that hands out their link.
        var email = $"panel-{Guid.NewGuid():N}@example.org";
        await page.GotoAsync(await EntryPathAsync(slug));
        if (page.Url.Contains("/account/register", StringComparison.Ordinal))
        {
            await page.RegisterAndSignInAsync(email, $"**/join/{slug}?**");
        }
        await page.ClickAsync("#consent-agree");
        await page.WaitForLoadStateAsync();
        if (await page.Locator("#continue").CountAsync() > 0) await page.ClickAsync("#continue");
        await page.WaitForURLAsync($"**/study/{slug}/background");
        await page.AnswerEverythingAsync(waitForAutosave: false);
        await page.ClickAsync("#next");

        // Every page whatever it is, up to the debrief.
        for (var step = 0; ; step++)
        {
            Assert.True(step < 50, $"Still not at the debrief after 50 pages; at {page.Url}.");
            await page.WaitForURLAsync($"**/study/{slug}/page/*");
            if (await page.Locator("#finish").CountAsync() > 0) break;
            var before = page.Url;
            await page.AnswerEverythingAsync(waitForAutosave: true);
            await page.ClickAsync("#next");
            await page.WaitForURLAsync(url => url != before);
        }
        await Assertions.Expect(page.Locator("#finish")).ToHaveTextAsync("Finish and return to the recruiting site");
        await journal.StepAsync(page, "debrief");

        await page.ClickAsync("#finish");
        await page.WaitForURLAsync(CompletionUrl);
        await Assertions.Expect(page).ToHaveTitleAsync("Panel: submission complete");

        Assert.Equal([CompletionUrl], panel);
        var version = (await app.Studies.FindCurrentVersionAsync(slug))!;
        var me = Assert.Single(await app.Participants.ListByVersionAsync(version.Id));
        Assert.Equal((ParticipantStatus.Completed, EntryKind.Prolific, PanelId), (me.Status, me.Entry, me.EntryCode));
        journal.AssertNoProblems(); // a CSP refusal of the redirect is a console error ("Refused to send form data …")
    }

    /// <summary>demo.json as a new study recruited through Prolific with an external completion URL.</summary>
    /// <summary>
    /// Where the panel sends its participant: a link study's signed entry URL (the one its facilitator pastes into
    /// Prolific) with Prolific's placeholders filled in, or the plain join link of an account study.
    /// </summary>
    private async Task<string> EntryPathAsync(string slug)
    {
        var signed = await app.Services.GetRequiredService<Platform.Enrolment.Enrolment>().PanelEntryPathAsync(slug, CancellationToken.None);
        if (signed is null) return $"/join/{slug}?PROLIFIC_PID={PanelId}";
        return Uri.UnescapeDataString(signed).Replace("{{%PROLIFIC_PID%}}", PanelId, StringComparison.Ordinal)
            .Replace("{{%STUDY_ID%}}", "6a1b2c3d4e5f60718293a4b5", StringComparison.Ordinal).Replace("{{%SESSION_ID%}}", "s" + PanelId, StringComparison.Ordinal);
    }

    private async Task<string> LaunchPanelDemoAsync()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        var slug = $"demo-panel-{Guid.NewGuid().ToString("N")[..8]}";
        root["id"] = slug;
        root["enrolment"] = new JsonObject { ["mode"] = "prolific", ["completion_url"] = CompletionUrl };
        var file = Path.Combine(Path.GetTempPath(), slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        try
        {
            await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("browser-tests"), CancellationToken.None);
            return slug;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
