using System.Net;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

public sealed class AntiforgeryTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Login_post_without_token_is_rejected_with_400_and_counts_nothing()
    {
        await app.CreateAccountAsync("csrf@example.org", "correct horse battery", Roles.Participant);
        using var session = app.Factory.NewSession();
        await session.GetPageAsync("/account/login"); // has the antiforgery cookie, but will not send the form token

        var response = await session.Client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "csrf@example.org", ["Password"] = "wrong password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await app.Users.FindByEmailAsync("csrf@example.org"))!.FailedLogins);
    }

    [Fact]
    public async Task Register_post_with_another_visitors_token_is_rejected_and_creates_nothing()
    {
        using var victim = app.Factory.NewSession();
        using var attacker = app.Factory.NewSession();
        var attackerPage = await attacker.GetPageAsync("/account/register");
        var token = System.Text.RegularExpressions.Regex.Match(attackerPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        await victim.GetPageAsync("/account/register");

        var response = await victim.Client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "forged@example.org", ["Password"] = "correct horse battery", ["ConfirmPassword"] = "correct horse battery",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await app.Users.FindByEmailAsync("forged@example.org"));
    }

    [Fact]
    public async Task Logout_by_get_does_not_exist()
    {
        using var session = app.Factory.NewSession();

        var response = await session.GetAsync("/account/logout");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
