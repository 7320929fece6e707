using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// Join by link: an invited participant opens the invitation, consents and completes kaur2020 without an account or a
/// password; halfway they open their resume link in a second browser (another device) and continue on the page they
/// were on. Once the facilitator revokes the invitation, the link shows why it opens nothing and signs nobody in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LinkJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const string Slug = "kaur2020";

    [GeneratedRegex(@"/study/kaur2020/page/(\d+)$")]
    private static partial Regex PageUrl();

    [Fact]
    public async Task An_invited_participant_completes_kaur2020_by_link_resumes_on_a_second_device_and_a_revoked_link_opens_nothing()
    {
        var version = await app.LaunchedAsync(Slug);
        var definition = app.DefinitionOf(version);
        Assert.Equal(ParticipantSignIn.Link, definition.Enrolment.SignIn); // invite study: link by default
        var code = await app.NewInviteCodeAsync(version.StudyId);
        var journal = new BrowserJournal("link", output);

        var visited = new List<string>();
        await using var first = await app.NewContextAsync();
        var page = await journal.OpenAsync(first, drawsCharts: true);
        page.FrameNavigated += (_, frame) => visited.Add(frame.Url);
        await page.GotoAsync($"/join/{Slug}?code={code}");
        Assert.Equal($"/join/{Slug}", new Uri(page.Url).AbsolutePath); // the consent page itself: no register step
        await journal.StepAsync(page, "consent");
        await page.ClickAsync("#consent-agree");
        var resumeUrl = await page.Locator("#resume-url").InputValueAsync();
        Assert.StartsWith(app.BaseUrl.TrimEnd('/') + "/resume/", resumeUrl);
        await journal.StepAsync(page, "link");
        await page.ClickAsync("#continue");
        await page.WaitForURLAsync($"**/study/{Slug}/background");
        await page.AnswerEverythingAsync(waitForAutosave: false);
        await page.ClickAsync("#next");

        // Half the pages in the first browser, then the same session in a second one that has never seen the study.
        var half = definition.Pages.Count / 2;
        var index = await AnswerPagesAsync(page, definition, until: half);
        await using var second = await app.NewContextAsync();
        var other = await journal.OpenAsync(second, drawsCharts: true);
        other.FrameNavigated += (_, frame) => visited.Add(frame.Url);
        await other.GotoAsync(resumeUrl);
        await other.WaitForURLAsync($"**/study/{Slug}/page/{index}");
        await Assertions.Expect(other.Locator("main h1")).ToHaveTextAsync(definition.Pages[index].Title);
        await journal.StepAsync(other, "resumed");
        // Two devices hold one session: a page-leave event or autosave that reaches the server after the other device
        // has moved on is refused with 409 (only the current page takes writes), and Chromium logs that refusal.
        journal.ExpectConsoleError("the server responded with a status of 409 (Conflict)");
        await AnswerPagesAsync(other, definition, until: definition.Pages.Count);
        await other.ClickAsync("#finish");
        await other.WaitForURLAsync($"**/study/{Slug}/done");
        var completion = (await other.Locator("#completion-code").InnerTextAsync()).Trim();
        Assert.Equal(resumeUrl, await other.Locator("#resume-url").GetAttributeAsync("href"));
        await journal.StepAsync(other, "done");

        // Neither browser ever saw an account page (register, sign-in), and no account stands behind the session.
        Assert.Contains(visited, u => u.Contains("/page/", StringComparison.Ordinal));
        Assert.DoesNotContain(visited, u => u.Contains("/account/", StringComparison.Ordinal));
        var invite = (await app.Participants.FindInviteCodeAsync(code))!;
        var me = (await app.Participants.GetAsync(invite.UsedBy!.Value))!;
        Assert.Equal((ParticipantStatus.Completed, completion, (long?)null), (me.Status, me.CompletionCode, me.UserId));

        // Revoked: the link gets a clear message and no session, in a fresh browser and in the one that held it.
        var study = (await app.Studies.FindStudyAsync(Slug))!;
        Assert.True(await app.Services.GetRequiredService<SignInLinks>().RevokeAsync(study, code, AuditActor.System("tests"), CancellationToken.None));
        // Chromium reports each refused document as a console error: the two refusals of the link.
        for (var i = 0; i < 2; i++) journal.ExpectConsoleError("the server responded with a status of 403 (Forbidden)");
        await using var third = await app.NewContextAsync();
        var stranger = await journal.OpenAsync(third, drawsCharts: false);
        var refused = await stranger.GotoAsync(resumeUrl);
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(stranger.Locator("main h1")).ToHaveTextAsync("This link was withdrawn");
        await journal.StepAsync(stranger, "revoked");
        Assert.DoesNotContain(await third.CookiesAsync(), c => c.Name == AccountAreaExtensions.AuthCookieName);
        await stranger.GotoAsync($"/study/{Slug}/done");
        Assert.Equal("/account/login", new Uri(stranger.Url).AbsolutePath); // no session: not signed in at all

        var holder = await other.GotoAsync($"/study/{Slug}/done");
        Assert.Equal(403, holder!.Status);
        await Assertions.Expect(other.Locator("main h1")).ToHaveTextAsync("This link was withdrawn");
        Assert.DoesNotContain(await second.CookiesAsync(), c => c.Name == AccountAreaExtensions.AuthCookieName); // signed out
        journal.AssertNoProblems();
    }

    /// <summary>Answers and submits pages until page <paramref name="until"/> or the debrief is reached; returns the page index reached.</summary>
    private static async Task<int> AnswerPagesAsync(IPage page, StudyDefinition definition, int until)
    {
        while (true)
        {
            await page.WaitForURLAsync(PageUrl());
            var index = int.Parse(PageUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (index >= until || definition.Pages[index].Kind == PageKind.Debrief)
            {
                return index;
            }
            await page.AnswerEverythingAsync(waitForAutosave: true);
            await page.ClickAsync("#next");
            await page.WaitForURLAsync(url => !url.EndsWith($"/page/{index}", StringComparison.Ordinal));
        }
    }
}
