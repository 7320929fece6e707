using Microsoft.Playwright;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// A participant with the same page open in two tabs submits it in one, then answers in the other: the second tab says
/// the page was already submitted, locks its answers, and leads to where the participant is; nothing it sent is kept.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecondTabJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const string Slug = BrowserAppFixture.DemoSlug;

    [Fact]
    public async Task A_tab_left_on_a_submitted_page_shows_why_it_cannot_save_and_changes_nothing()
    {
        var journal = new BrowserJournal("second-tab", output);
        await using var context = await app.NewContextAsync();
        var first = await journal.OpenAsync(context, drawsCharts: true);
        var email = $"browser-{Guid.NewGuid():N}@example.org";
        await first.JoinAsync(Slug, email);
        await first.AnswerEverythingAsync(waitForAutosave: false);
        var ratings = app.Demo.Pages.ToList().FindIndex(p => p.Id == "ratings");
        await first.ClickAsync("#next");
        for (var index = 1; index < ratings; index++)
        {
            await first.WaitForURLAsync($"**/study/{Slug}/page/{index}");
            await first.AnswerEverythingAsync(waitForAutosave: true);
            await first.ClickAsync("#next");
        }
        await first.WaitForURLAsync($"**/study/{Slug}/page/{ratings}");

        // The same page in a second tab of the same browser (same sign-in).
        var second = await journal.OpenAsync(context, drawsCharts: true);
        await second.GotoAsync($"/study/{Slug}/page/{ratings}");
        await Assertions.Expect(second.Locator("main h1")).ToHaveTextAsync(app.Demo.Pages[ratings].Title);

        var item = app.Demo.Pages[ratings].Questions[0].Id;
        var radios = $"input[type=radio][name=\"answer.{item}\"]";
        var submitted = await first.Locator(radios).Last.GetAttributeAsync("value");
        var late = await second.Locator(radios).First.GetAttributeAsync("value");
        Assert.NotEqual(submitted, late);
        await first.AnswerEverythingAsync(waitForAutosave: true); // the last option of each rating
        await first.ClickAsync("#next");
        await first.WaitForURLAsync($"**/study/{Slug}/page/{ratings + 1}");

        journal.ExpectConsoleError("the server responded with a status of 409 (Conflict)");
        await second.Locator(radios).First.CheckAsync();

        var notice = second.Locator("#page-closed");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice.Locator("[data-closed-title]")).ToHaveTextAsync("This page was already submitted");
        await Assertions.Expect(notice.Locator("[data-closed-detail]")).ToContainTextAsync("was not saved");
        await Assertions.Expect(second.Locator("#next")).ToBeDisabledAsync();
        foreach (var radio in await second.Locator("main form.page-form input[type=radio]").AllAsync())
        {
            Assert.True(await radio.IsDisabledAsync(), "an answer stayed editable on the closed page");
        }
        await journal.StepAsync(second, "page-closed");

        await second.ClickAsync("#page-closed-continue");
        await second.WaitForURLAsync($"**/study/{Slug}/page/{ratings + 1}");
        await journal.StepAsync(second, "continued");

        var user = (await app.Users.FindByEmailAsync(email))!;
        var me = (await app.Participants.FindByUserAsync(app.DemoVersion.StudyId, user.Id))!;
        Assert.Equal(ratings + 1, me.CurrentPage);
        Assert.Equal(submitted, (await app.Responses.ListAnswersAsync(me.Id)).Single(a => a.ItemId == item).Value);
        journal.AssertNoProblems();
    }
}
