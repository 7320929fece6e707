using Microsoft.Playwright;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>Signing in the way staff do: open a protected page, get sent to the login form, fill it in, land back.</summary>
public static class SignInSteps
{
    /// <summary>
    /// Opens <paramref name="path"/> signed out, expects the login form (the app's challenge redirect), signs in with
    /// <paramref name="email"/> and <see cref="BrowserAppFixture.Password"/> and waits to be back on <paramref name="path"/>.
    /// </summary>
    public static async Task SignInThroughLoginFormAsync(this IPage page, BrowserJournal journal, string email, string path)
    {
        await page.GotoAsync(path);
        Assert.True(page.Url.Contains("/account/login", StringComparison.Ordinal), $"Expected {path} to send a signed-out visitor to /account/login; found {page.Url}.");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Sign in");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", BrowserAppFixture.Password);
        await journal.StepAsync(page, "login");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
    }
}
