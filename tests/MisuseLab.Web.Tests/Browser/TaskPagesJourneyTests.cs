using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Pilots;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Remedies;
using MisuseLab.TestSupport;
using MisuseLab.Web.Tests.Browser.Support;
using MisuseLab.Web.Tests.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// The locate and remedy pages of kaur2020-utility (issue 17) in Chromium: a participant without a mouse marks a defect
/// and chooses fixes with the keyboard alone, every page passes axe-core, and the next page shows the fixes' score only
/// when the remedy page says <c>"show_score": true</c>. A facilitator's pilot of such a study offers the oracle policy,
/// whose bots mark every defect and choose every real fix. The study is cut down to its GBDT cells (5 trees) and a
/// three-option menu, so a launch trains 8 remedy models, not 64.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskPagesJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private static readonly string[] Chosen = ["age-38-missing", "restore-capital-gain"];

    [Fact]
    public async Task A_keyboard_participant_locates_age_38_and_chooses_fixes_whose_score_the_next_page_shows()
    {
        var (slug, version) = await LaunchAsync(showScore: true);
        var definition = app.DefinitionOf(version);
        var journal = new BrowserJournal("task-pages", output);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);
        var code = await app.NewInviteCodeAsync(version.StudyId);

        await KeyboardToLocateAsync(page, journal, slug, definition, code);
        await LocateAndRemedyByKeyboardAsync(page, journal, slug, definition);

        // The page after the remedy page tells the score: what the cell's model retrained with these fixes scores afresh.
        var me = (await app.Participants.GetAsync((await app.Participants.FindInviteCodeAsync(code))!.UsedBy!.Value))!;
        var data = StudyData.Prepare(definition.Data, AdultDataLocator.Resolve(null));
        var expected = new RemedyScorer(data, definition.Model(definition.Cell(me.CellId).Model), definition.RemedyMenu()).Score(Chosen);
        var answers = (await app.Responses.ListAnswersAsync(me.Id)).ToDictionary(a => a.ItemId, a => a.Value);
        Assert.Equal(expected.ToJson(), answers["remedy"]);
        var (located, detected) = LocateAnswerJson.Read(answers["locate"]);
        Assert.Equal(new LocateMark("age", "38"), located.Marks[0]);
        Assert.Contains(detected.Defects, d => d.Defect == "mean-imputed-age" && d.Detected);

        var score = page.Locator("#remedy-score");
        await Assertions.Expect(score).ToBeVisibleAsync();
        await Assertions.Expect(score).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(score).ToContainTextAsync(expected.Auc.ToString("0.0000", CultureInfo.InvariantCulture));
        await Assertions.Expect(score).ToContainTextAsync(Math.Abs(expected.AucGain).ToString("0.0000", CultureInfo.InvariantCulture));
        await journal.StepAsync(page, "score-shown");
        journal.AssertNoProblems();
    }

    [Fact]
    public async Task Without_show_score_the_page_after_the_remedy_page_shows_no_score_though_the_score_is_stored()
    {
        var (slug, version) = await LaunchAsync(showScore: false);
        var definition = app.DefinitionOf(version);
        var journal = new BrowserJournal("task-pages-hidden", output);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);
        var code = await app.NewInviteCodeAsync(version.StudyId);

        await KeyboardToLocateAsync(page, journal, slug, definition, code);
        await LocateAndRemedyByKeyboardAsync(page, journal, slug, definition);

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(definition.Pages[definition.IndexOf("remedy") + 1].Title);
        Assert.Equal(0, await page.Locator("#remedy-score").CountAsync());
        Assert.DoesNotContain("AUC", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var me = (await app.Participants.GetAsync((await app.Participants.FindInviteCodeAsync(code))!.UsedBy!.Value))!;
        using var stored = JsonDocument.Parse((await app.Responses.ListAnswersAsync(me.Id)).Single(a => a.ItemId == "remedy").Value);
        Assert.Equal(Chosen, stored.RootElement.GetProperty("choices").EnumerateArray().Select(c => c.GetString()).Order(StringComparer.Ordinal));
        journal.AssertNoProblems();
    }

    [Fact]
    public async Task A_facilitator_pilots_a_study_with_task_pages_with_oracle_bots_that_locate_every_defect_and_choose_every_real_fix()
    {
        var (slug, version) = await LaunchAsync(showScore: true);
        var definition = app.DefinitionOf(version);
        var journal = new BrowserJournal("oracle-pilot", output);
        var facilitator = await app.AddAccountAsync(Roles.Facilitator);
        await app.AddMemberAsync(facilitator, slug);
        await app.AddMemberAsync(facilitator, BrowserAppFixture.DemoSlug);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: false);

        // demo has no locate or remedy page: the oracle would have nothing to answer, so it is not offered there.
        await page.SignInThroughLoginFormAsync(journal, facilitator, $"/facilitator/studies/{BrowserAppFixture.DemoSlug}");
        Assert.Equal(PilotRuns.Policies, await page.Locator("#pilot-policy option").AllInnerTextsAsync());
        await page.GotoAsync($"/facilitator/studies/{slug}");
        Assert.Equal(PilotRuns.Policies.Append("oracle"), await page.Locator("#pilot-policy option").AllInnerTextsAsync());
        await journal.StepAsync(page, "study");

        await page.GetByLabel("Number of bots").FillAsync("2");
        await page.GetByLabel("How bots answer").SelectOptionAsync("oracle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start pilot" }).ClickAsync();
        await page.WaitForURLAsync($"**/facilitator/versions/{version.Id}/monitor");
        var pilots = app.Services.GetRequiredService<PilotRuns>();
        await pilots.Latest!.WaitAsync(TimeSpan.FromMinutes(5));
        var run = pilots.Find(slug)!;
        Assert.True(run.State == PilotState.Finished && run.Completed == 2, run.Message);

        // What the study file says: every defect's column (and value), every remedy tied to an injected defect.
        var realFixes = definition.Remedies.Where(r => r.Defect is not null && definition.Data.Defects.Any(d => d.Name == r.Defect)).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(realFixes);
        var bots = (await app.Participants.ListByVersionAsync(version.Id)).Where(p => p.Pilot).ToList();
        Assert.Equal(2, bots.Count);
        foreach (var bot in bots)
        {
            var answers = (await app.Responses.ListAnswersAsync(bot.Id)).ToDictionary(a => a.ItemId, a => a.Value);
            var (_, located) = LocateAnswerJson.Read(answers["locate"]);
            Assert.All(located.Defects, d => Assert.True(d.Detected, $"the oracle missed {d.Defect}"));
            using var remedy = JsonDocument.Parse(answers["remedy"]);
            Assert.Equal(realFixes, remedy.RootElement.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal));
        }
        journal.AssertNoProblems();
    }

    /// <summary>
    /// Joins by the invitation link, consents and answers every page before the locate page with the keyboard alone
    /// (as the kaur2020 keyboard journey does), with axe-core on each.
    /// </summary>
    private static async Task KeyboardToLocateAsync(IPage page, BrowserJournal journal, string slug, StudyDefinition definition, string code)
    {
        var pageUrl = new Regex($"/study/{Regex.Escape(slug)}/page/(\\d+)$");
        await page.GotoAsync($"/join/{slug}?code={code}");
        await page.TabToAsync("#consent-agree");
        await page.Keyboard.PressAsync("Space");
        await page.WaitForSelectorAsync("#resume-url");
        await page.TabToAsync("#continue");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/study/{slug}/background", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.AnswerWithKeyboardAsync("Nothing to add.");
        await page.Keyboard.PressAsync("Enter");

        var locate = definition.IndexOf("locate");
        while (true)
        {
            await page.WaitForURLAsync(pageUrl);
            var index = int.Parse(pageUrl.Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(definition.Pages[index].Title);
            if (index == locate) return;
            var charts = await page.Locator(".chart").CountAsync();
            await page.WaitForFunctionAsync("n => document.querySelectorAll('.chart.is-drawn svg.main-svg').length >= n", charts);
            await page.AnswerWithKeyboardAsync("Nothing looks wrong.");
            await page.WaitForAutosaveAsync();
            await journal.StepAsync(page, $"{index}-{definition.Pages[index].Id}");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.EndsWith($"/page/{index}", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// On the locate page: the first mark's column list stepped down with ArrowDown to age, 38 typed as its value, a note;
    /// on the remedy page: Space on the two chosen fixes. Enter on Next submits each (both pages' fields go with the page).
    /// </summary>
    private static async Task LocateAndRemedyByKeyboardAsync(IPage page, BrowserJournal journal, string slug, StudyDefinition definition)
    {
        var locate = definition.IndexOf("locate");
        await journal.StepAsync(page, "locate");
        await page.TabToAsync("#q-locate-column-1");
        for (var presses = 0; await page.EvaluateAsync<string>("() => document.activeElement.value") != "age"; presses++)
        {
            Assert.True(presses < 40, $"ArrowDown never chose age in the first mark's list; it shows '{await page.EvaluateAsync<string>("() => document.activeElement.value")}'");
            await page.Keyboard.PressAsync("ArrowDown");
        }
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.FocusedIsAsync("#q-locate-value-1"), $"Tab after the column list reached {await KeyboardSteps.DescribeFocusAsync(page)}, not its value box");
        await page.Keyboard.TypeAsync("38");
        await page.TabToAsync("#q-locate-text");
        await page.Keyboard.TypeAsync("Far too many people are exactly 38.");
        await journal.StepAsync(page, "locate-marked");
        await page.TabToAsync("#next");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/study/{slug}/page/{locate + 1}");

        var remedy = definition.IndexOf("remedy");
        Assert.Equal(locate + 1, remedy);
        await journal.StepAsync(page, "remedy");
        foreach (var fix in Chosen)
        {
            await page.TabToAsync($"input[type=checkbox][value='{fix}']");
            await page.Keyboard.PressAsync("Space");
            Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.checked"), $"Space did not tick {fix}");
        }
        await journal.StepAsync(page, "remedy-chosen");
        await page.TabToAsync("#next");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/study/{slug}/page/{remedy + 1}");
    }

    private static readonly SemaphoreSlim LaunchLock = new(1, 1);
    private static readonly Dictionary<bool, (string, StudyVersionRecord)> Launched = [];

    /// <summary>kaur2020-utility cut down (see the class summary), invitation only with link sign-in; launched once per value of show_score.</summary>
    private async Task<(string Slug, StudyVersionRecord Version)> LaunchAsync(bool showScore)
    {
        await LaunchLock.WaitAsync();
        try
        {
            if (Launched.TryGetValue(showScore, out var done)) return done;
            var slug = showScore ? "utility-keys" : "utility-keys-hidden";
            var s = UtilityStudyCut.Json(slug, "age-38-missing", "restore-capital-gain", "drop-age");
            s["enrolment"] = JsonNode.Parse("""{"mode": "invite", "participant_sign_in": "link"}""");
            s["pages"]!.AsArray().Single(p => (string)p!["id"]! == "remedy")!["show_score"] = showScore;
            var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-task-pages-").FullName, slug + ".json");
            await File.WriteAllTextAsync(file, s.ToJsonString());
            var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("browser-tests"), CancellationToken.None);
            Launched[showScore] = (slug, version);
            return (slug, version);
        }
        finally
        {
            LaunchLock.Release();
        }
    }
}
