using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>A participant takes the demo study in Chromium, over real HTTP, the way a person would.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ParticipantJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    [GeneratedRegex(@"/study/demo/page/(\d+)$")]
    private static partial Regex PageUrl();

    [Fact]
    public async Task A_participant_completes_the_demo_study_with_every_chart_drawn_and_every_page_photographed_and_checked_by_axe()
    {
        var journal = new BrowserJournal("participant", output);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);
        Task StepAsync(string name) => journal.StepAsync(page, name);

        var email = $"browser-{Guid.NewGuid():N}@example.org";
        await page.JoinAsync(BrowserAppFixture.DemoSlug, email, StepAsync);
        await page.AnswerEverythingAsync(waitForAutosave: false);
        await StepAsync("background");
        await page.ClickAsync("#next");

        var seen = new List<string>();
        while (true)
        {
            await page.WaitForURLAsync(PageUrl());
            var index = int.Parse(PageUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
            var definition = app.Demo.Pages[index];
            seen.Add(definition.Id);
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(definition.Title);
            if (definition.Kind == PageKind.Debrief)
            {
                await StepAsync($"{index}-{definition.Id}");
                await page.ClickAsync("#finish");
                break;
            }
            var charts = await page.Locator(".chart").CountAsync();
            if (definition.Kind is PageKind.Overview or PageKind.Global or PageKind.Effect or PageKind.Local)
            {
                Assert.True(charts > 0, $"page {definition.Id} ({definition.Kind}) shows no chart");
            }
            // Drawn = charts.js marked it and Plotly's SVG is in it.
            await page.WaitForFunctionAsync("n => document.querySelectorAll('.chart.is-drawn svg.main-svg').length >= n && document.querySelectorAll('.chart-fallback').length === 0", charts);
            await AssertChartsAreDescribedAsync(page, email, definition);
            await page.AnswerEverythingAsync(waitForAutosave: true);
            await StepAsync($"{index}-{definition.Id}");
            await page.ClickAsync("#next");
            await page.WaitForURLAsync(url => !url.EndsWith($"/page/{index}", StringComparison.Ordinal));
        }

        await page.WaitForURLAsync($"**/study/{BrowserAppFixture.DemoSlug}/done");
        var code = (await page.Locator("#completion-code").InnerTextAsync()).Trim();
        await StepAsync("done");

        Assert.Equal(app.Demo.Pages.Skip(1).Select(p => p.Id), seen); // every page after consent, in order
        var user = (await app.Users.FindByEmailAsync(email))!;
        var me = (await app.Participants.FindByUserAsync(app.DemoVersion.StudyId, user.Id))!;
        Assert.Equal(ParticipantStatus.Completed, me.Status);
        Assert.Equal(code, me.CompletionCode);
        var answers = await app.Responses.ListAnswersAsync(me.Id);
        var expectedItems = app.Demo.Pages.SelectMany(p => p.Questions).Select(q => q.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expectedItems, answers.Select(a => a.ItemId).Order(StringComparer.Ordinal));
        Assert.All(answers.Where(a => a.PageId == "global"), a => Assert.Matches("^[0-9a-f]{64}$", a.StimulusSha256));
        var events = await app.Responses.ListEventsAsync(me.Id);
        Assert.All(app.Demo.Pages.Where(p => p.Kind is not (PageKind.Consent or PageKind.Debrief)), p =>
            Assert.Contains(events, e => e.PageId == p.Id && e.Type == "page.submit"));
        journal.AssertNoProblems();
        Assert.True(Directory.GetFiles(journal.Folder, "*.png").Length >= app.Demo.Pages.Count + 2);
    }

    /// <summary>
    /// Every chart sits in a figure with an accessible name and a description in words; on the importance page the
    /// description names the most important feature of the stimulus stored for the participant's cell.
    /// </summary>
    private async Task AssertChartsAreDescribedAsync(IPage page, string email, PageDefinition definition)
    {
        var figures = page.Locator("figure.chart-figure:has(.chart)");
        for (var i = 0; i < await figures.CountAsync(); i++)
        {
            await Assertions.Expect(figures.Nth(i)).ToHaveAccessibleNameAsync(new Regex(@"\w"));
            await Assertions.Expect(figures.Nth(i)).ToHaveAccessibleDescriptionAsync(new Regex(@"The table after the chart lists every"));
            Assert.Null(await figures.Nth(i).Locator(".chart").GetAttributeAsync("role"));
        }
        if (definition.Kind != PageKind.Global) return;
        var user = (await app.Users.FindByEmailAsync(email))!;
        var me = (await app.Participants.FindByUserAsync(app.DemoVersion.StudyId, user.Id))!;
        var stored = await app.Stimuli.FindAsync(app.DemoVersion.Id, me.CellId, definition.Id);
        Assert.True(stored is not null, $"no stimulus stored for page {definition.Id} of cell {me.CellId}");
        var shown = (GlobalPayload)StimulusSerializer.Deserialize(stored.CanonicalJson).Payload;
        var top = shown.Features.MaxBy(f => f.Importance)!;
        await Assertions.Expect(figures.First).ToHaveAccessibleDescriptionAsync(new Regex($"Most important: {Regex.Escape(top.Name)} \\("));
    }
}
