using Microsoft.Playwright;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>What a participant does in the browser, shared by the participant journeys.</summary>
public static class ParticipantSteps
{
    /// <summary>
    /// A newcomer at <c>/join/{slug}</c>: sent to register, registers <paramref name="email"/> with
    /// <see cref="BrowserAppFixture.Password"/>, agrees to the consent and lands on the background page.
    /// <paramref name="shot"/>, when given, photographs the "register" and "consent" pages as they are reached.
    /// </summary>
    public static async Task JoinAsync(this IPage page, string slug, string email, Func<string, Task>? shot = null)
    {
        shot ??= _ => Task.CompletedTask;
        await page.GotoAsync($"/join/{slug}");
        Assert.Contains("/account/register", page.Url);
        await shot("register");
        await page.RegisterAndSignInAsync(email, $"**/join/{slug}");
        await shot("consent");
        await page.ClickAsync("#consent-agree");
        await page.WaitForURLAsync($"**/study/{slug}/background");
    }

    /// <summary>
    /// On the registration page a join sent them to: registers <paramref name="email"/> with
    /// <see cref="BrowserAppFixture.Password"/>, signs in, and waits to be back at <paramref name="returnGlob"/>.
    /// </summary>
    public static async Task RegisterAndSignInAsync(this IPage page, string email, string returnGlob)
    {
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", BrowserAppFixture.Password);
        await page.FillAsync("#ConfirmPassword", BrowserAppFixture.Password);
        await page.ClickAsync("main button[type=submit]");
        // Registration never signs in (its answer must not differ for an address that has an account): sign in next.
        await page.WaitForURLAsync("**/account/login?**");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", BrowserAppFixture.Password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync(returnGlob);
    }

    /// <summary>Answers every question on the page: the second option of each list, the last radio of each group, text in each box.</summary>
    public static async Task AnswerEverythingAsync(this IPage page, bool waitForAutosave)
    {
        var form = page.Locator("main form.page-form");
        var selects = form.Locator("select");
        for (var i = 0; i < await selects.CountAsync(); i++)
        {
            await selects.Nth(i).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        }
        var groups = await form.Locator("input[type=radio]").EvaluateAllAsync<string[]>("els => [...new Set(els.map(e => e.name))]");
        foreach (var name in groups)
        {
            await form.Locator($"input[type=radio][name=\"{name}\"]").Last.CheckAsync();
        }
        var boxes = form.Locator("textarea");
        for (var i = 0; i < await boxes.CountAsync(); i++)
        {
            await boxes.Nth(i).FillAsync("The ages look odd around 38.");
        }
        if (waitForAutosave && groups.Length + await selects.CountAsync() > 0)
        {
            await page.WaitForAutosaveAsync();
        }
    }

    /// <summary>Waits until each answered question reports "Saved" (its autosave request came back 204).</summary>
    public static async Task WaitForAutosaveAsync(this IPage page)
    {
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-question]')].every(q => !q.querySelector('input:checked, select, textarea') || q.querySelector('[data-save-status]').textContent === 'Saved')");
    }
}
