using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using MisuseLab.Platform;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Facilitator;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// A facilitator watches the live monitor of the demo study while people join: the page updates in place (no reload,
/// no meta refresh), says what changed in its polite live region, and can be paused and resumed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitorJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    /// <summary>Time for one counts request to come back on a slow shared runner, on top of the refresh period.</summary>
    private const int RoundTripSlackMs = 5_000;

    [Fact]
    public async Task The_monitor_shows_a_new_participant_within_its_refresh_period_without_reloading_and_pauses_on_request()
    {
        var journal = new BrowserJournal("monitor", output);
        var refreshSeconds = app.Services.GetRequiredService<IOptions<FacilitatorOptions>>().Value.MonitorRefreshSeconds;
        Assert.Equal(15, refreshSeconds); // the default the issue asks for: a newcomer shows within 15 s
        var email = await app.AddAccountAsync(Roles.Facilitator);
        await app.AddMemberAsync(email, BrowserAppFixture.DemoSlug);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: false);
        var path = $"/facilitator/versions/{app.DemoVersion.Id}/monitor";
        await page.SignInThroughLoginFormAsync(journal, email, path);

        Assert.Equal(0, await page.Locator("meta[http-equiv]").CountAsync());
        var pause = page.GetByRole(AriaRole.Button, new() { Name = "Pause updates" });
        await Assertions.Expect(pause).ToBeVisibleAsync(); // monitor.js runs
        await Assertions.Expect(page.Locator("#monitor-announcer")).ToHaveAttributeAsync("aria-live", "polite");
        var reloads = 0;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame) Interlocked.Increment(ref reloads);
        };
        var counts = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/monitor/counts", StringComparison.Ordinal)) Interlocked.Increment(ref counts);
        };
        await page.EvaluateAsync("() => { window.misuselabSameDocument = true; }");
        await journal.StepAsync(page, "monitor");

        // A newcomer joins in another browser; the monitor lists them at its next update.
        var pseudonym = await JoinAsync(journal);
        var clock = Stopwatch.StartNew();
        await Assertions.Expect(page.Locator($"tr[data-participant=\"{pseudonym}\"]")).ToBeVisibleAsync(new() { Timeout = refreshSeconds * 1000 + RoundTripSlackMs });
        output.WriteLine($"The newcomer showed on the monitor {clock.Elapsed.TotalSeconds:0.0} s after their enrolment was stored (refresh period {refreshSeconds} s).");
        Assert.True(await page.EvaluateAsync<bool>("() => window.misuselabSameDocument === true"), "the monitor reloaded instead of updating in place");
        Assert.Equal(0, reloads);
        var stored = await app.Participants.ListByVersionAsync(app.DemoVersion.Id);
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{stored.Count}( / \\d+)?$"));
        await Assertions.Expect(page.Locator("#monitor-announcer")).ToContainTextAsync("1 more participant");
        await journal.StepAsync(page, "updated");

        // Paused: no request while another newcomer joins; resumed: one at once, and the newcomer shows.
        await pause.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var resume = page.GetByRole(AriaRole.Button, new() { Name = "Resume updates" });
        await Assertions.Expect(resume).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#monitor-mode")).ToHaveTextAsync("Updates paused.");
        var requestsWhenPaused = Volatile.Read(ref counts);
        var second = await JoinAsync(journal);
        Assert.Equal(requestsWhenPaused, Volatile.Read(ref counts));
        Assert.Equal(0, await page.Locator($"tr[data-participant=\"{second}\"]").CountAsync());
        await journal.StepAsync(page, "paused");
        var response = await page.RunAndWaitForResponseAsync(() => resume.ClickAsync(), r => r.Url.Contains("/monitor/counts", StringComparison.Ordinal));
        Assert.Equal(200, response.Status);
        await Assertions.Expect(page.Locator($"tr[data-participant=\"{second}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(pause).ToBeVisibleAsync();
        Assert.Equal(0, reloads);
        await journal.StepAsync(page, "resumed");

        journal.AssertNoProblems();
    }

    /// <summary>A newcomer joins the demo in their own browser; returns their pseudonym once their enrolment is stored.</summary>
    private async Task<string> JoinAsync(BrowserJournal journal)
    {
        await using var visitor = await app.NewContextAsync();
        var participant = await journal.OpenAsync(visitor, drawsCharts: false);
        var email = $"browser-{Guid.NewGuid():N}@example.org";
        await participant.JoinAsync(BrowserAppFixture.DemoSlug, email);
        var user = (await app.Users.FindByEmailAsync(email))!;
        var me = await app.Participants.FindByUserAsync(app.DemoVersion.StudyId, user.Id);
        Assert.True(me is not null, $"{email} joined but no participant is stored for study {app.DemoVersion.StudyId}");
        return me.Pseudonym;
    }
}
