using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// A participant who uses no mouse takes kaur2020 from the invitation link to the completion code: Tab, Shift+Tab,
/// arrow keys, Space, Enter and typing only (<see cref="KeyboardSteps"/>), with axe-core on every page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class KeyboardJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const string Slug = "kaur2020";

    [GeneratedRegex(@"/study/kaur2020/page/(\d+)$")]
    private static partial Regex PageUrl();

    [Fact]
    public async Task A_participant_completes_kaur2020_with_the_keyboard_alone_and_every_page_passes_axe()
    {
        var version = await app.LaunchedAsync(Slug);
        var definition = app.DefinitionOf(version);
        Assert.Equal(EnrolmentMode.Invite, definition.Enrolment.Mode); // hence the invitation code
        var code = await app.NewInviteCodeAsync(version.StudyId);
        var journal = new BrowserJournal("keyboard", output);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);

        // The invitation link (typed or followed: an address, not a click) opens the consent page: kaur2020 signs its
        // participants in by link, so there is no account to make and no password to type.
        await page.GotoAsync($"/join/{Slug}?code={code}");
        Assert.Equal($"/join/{Slug}", new Uri(page.Url).AbsolutePath);
        await journal.StepAsync(page, "consent");
        await page.TabToAsync("#consent-agree");
        await page.Keyboard.PressAsync("Space");
        await page.WaitForSelectorAsync("#resume-url");
        await journal.StepAsync(page, "link");
        await page.TabToAsync("#continue");
        await page.Keyboard.PressAsync("Enter");
        // Arrival is what this step checks; the page's own load event (every script and style) is awaited by the axe
        // check of the next step. On a loaded CI machine this wait for "load" once timed out after the Continue step.
        await page.WaitForURLAsync($"**/study/{Slug}/background", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        // The background page has no autosave: Next posts its answers.
        Assert.Equal(DefaultBackground.For(definition).Count, await page.AnswerWithKeyboardAsync("Nothing to add."));
        await journal.StepAsync(page, "background");
        await page.Keyboard.PressAsync("Enter"); // focus is on Next

        var seen = new List<string>();
        var toolbarUsed = false;
        while (true)
        {
            await page.WaitForURLAsync(PageUrl());
            var index = int.Parse(PageUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
            var pageDefinition = definition.Pages[index];
            seen.Add(pageDefinition.Id);
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(pageDefinition.Title);
            if (pageDefinition.Kind == PageKind.Debrief)
            {
                await journal.StepAsync(page, $"{index}-{pageDefinition.Id}");
                await page.TabToAsync("#finish");
                await page.Keyboard.PressAsync("Enter");
                break;
            }
            var charts = await page.Locator(".chart").CountAsync();
            await page.WaitForFunctionAsync("n => document.querySelectorAll('.chart.is-drawn svg.main-svg').length >= n", charts);
            if (charts > 0 && !toolbarUsed)
            {
                await UseTheFirstChartByKeyboardAsync(page);
                toolbarUsed = true;
            }
            var answered = await page.AnswerWithKeyboardAsync("The ages look odd around 38.");
            Assert.True(answered >= pageDefinition.Questions.Count, $"page {pageDefinition.Id}: the keyboard answered {answered} of its {pageDefinition.Questions.Count} questions");
            await page.WaitForAutosaveAsync();
            await journal.StepAsync(page, $"{index}-{pageDefinition.Id}");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.EndsWith($"/page/{index}", StringComparison.Ordinal));
        }

        await page.WaitForURLAsync($"**/study/{Slug}/done");
        var completion = (await page.Locator("#completion-code").InnerTextAsync()).Trim();
        await journal.StepAsync(page, "done");

        Assert.True(toolbarUsed, "no page of kaur2020 showed a chart to use by keyboard");
        var me = (await app.Participants.GetAsync((await app.Participants.FindInviteCodeAsync(code))!.UsedBy!.Value))!;
        // Every page after consent that is for this participant's cell (kaur2020: the tutorial of their tool only), in order.
        var levels = definition.Cell(me.CellId).Levels;
        Assert.Equal(definition.Pages.Skip(1).Where(p => p.IsShownTo(levels)).Select(p => p.Id), seen);
        Assert.Equal(ParticipantStatus.Completed, me.Status);
        Assert.Equal(completion, me.CompletionCode);
        Assert.Equal(code, me.EntryCode);
        var answers = await app.Responses.ListAnswersAsync(me.Id);
        var expected = AnswerItem.ItemsOf(definition).Select(i => i.ItemId).Order(StringComparer.Ordinal); // a NASA-TLX as its six items
        Assert.Superset(expected.ToHashSet(StringComparer.Ordinal), answers.Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal));
        journal.AssertNoProblems();
    }

    /// <summary>
    /// The first chart's plotly.js tool bar is one Tab stop; arrow keys, Home and End move within it; Enter on
    /// "Zoom in" zooms the chart; the chart's table is the very next Tab stop and Shift+Tab comes back.
    /// </summary>
    private static async Task UseTheFirstChartByKeyboardAsync(IPage page)
    {
        await page.TabToAsync(".chart .modebar-btn");
        Assert.True(await page.FocusedIsAsync("[role=toolbar] .modebar-btn[tabindex='0']"), $"the chart tool bar's Tab stop is {await KeyboardSteps.DescribeFocusAsync(page)}");
        var buttons = await page.EvaluateAsync<string[]>("() => [...document.activeElement.closest('[role=toolbar]').querySelectorAll('.modebar-btn')].map(b => b.getAttribute('aria-label'))");
        Assert.Contains("Zoom in", buttons);
        await page.Keyboard.PressAsync("End");
        Assert.Equal(buttons[^1], await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        await page.Keyboard.PressAsync("Home");
        Assert.Equal(buttons[0], await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
        for (var i = 0; i < Array.IndexOf(buttons, "Zoom in"); i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }
        Assert.Equal("Zoom in", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));

        const string range = "() => JSON.stringify(document.activeElement.closest('.chart')._fullLayout.xaxis.range)";
        var before = await page.EvaluateAsync<string>(range);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("before => JSON.stringify(document.querySelector('.chart')._fullLayout.xaxis.range) !== before", before);
        Assert.True(await page.FocusedIsAsync(".chart .modebar-btn[aria-label='Zoom in']"), $"focus left the tool bar after Zoom in: {await KeyboardSteps.DescribeFocusAsync(page)}");

        // One step away: Tab leaves the tool bar (one stop) for the chart's table; Enter opens it; Shift+Tab returns.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.FocusedIsAsync("figure.chart-figure details > summary"), $"Tab after the tool bar reached {await KeyboardSteps.DescribeFocusAsync(page)}, not the chart's table");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("figure.chart-figure details").First).ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.True(await page.FocusedIsAsync(".chart .modebar-btn[aria-label='Zoom in']"), $"Shift+Tab from the table reached {await KeyboardSteps.DescribeFocusAsync(page)}");
    }
}
