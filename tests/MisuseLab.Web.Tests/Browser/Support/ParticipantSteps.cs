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

    /// <summary>Answers every question on the page: the second option of each list, the last radio of each group, text in each box, the middle of each number range, the first box of each multi-select.</summary>
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
        // Number inputs: the middle of their range, whole. Multi-selects: the first box of each group.
        var numbers = form.Locator("input[type=number]");
        for (var i = 0; i < await numbers.CountAsync(); i++)
        {
            var (min, max) = (double.Parse(await numbers.Nth(i).GetAttributeAsync("min") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                              double.Parse(await numbers.Nth(i).GetAttributeAsync("max") ?? "10", System.Globalization.CultureInfo.InvariantCulture));
            await numbers.Nth(i).FillAsync(Math.Floor((min + max) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var checkboxGroups = await form.Locator("input[type=checkbox]").EvaluateAllAsync<string[]>("els => [...new Set(els.map(e => e.name))]");
        foreach (var name in checkboxGroups)
        {
            await form.Locator($"input[type=checkbox][name=\"{name}\"]").First.CheckAsync();
        }
        if (waitForAutosave && groups.Length + checkboxGroups.Length + await selects.CountAsync() > 0)
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
