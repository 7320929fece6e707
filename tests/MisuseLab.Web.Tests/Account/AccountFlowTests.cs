using System.Net;
using Microsoft.AspNetCore.Identity;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MisuseLab.Web.Tests.Account;

public sealed class AccountFlowTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Register_then_sign_in_as_participant_logout_signs_out_and_login_signs_in_again()
    {
        using var session = app.Factory.NewSession();

        var register = await session.RegisterAsync("flow@example.org", Password);
        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        Assert.Equal("/account/login?registered=true", register.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Signed in as", await session.GetPageAsync("/"));
        Assert.Contains("Registration received", await session.GetPageAsync(register.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.Redirect, (await session.LoginAsync("flow@example.org", Password)).StatusCode);
        var home = WebUtility.HtmlDecode(await session.GetPageAsync("/"));
        Assert.Contains("Signed in as <strong>f•••@example.org</strong>", home); // a participant's address is masked (shared screens)
        Assert.DoesNotContain("flow@example.org", home);
        var stored = await app.Users.FindByEmailAsync("flow@example.org");
        Assert.Equal(Roles.Participant, stored!.Role);
        Assert.NotEqual(Password, stored.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, AccountPasswords.Verify(stored.PasswordHash, Password));

        var logout = await session.LogoutAsync();
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.DoesNotContain("Signed in as", await session.GetPageAsync("/"));

        var login = await session.LoginAsync("FLOW@example.org", Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("Signed in as <strong>f•••@example.org</strong>", WebUtility.HtmlDecode(await session.GetPageAsync("/")));
        var audit = await app.Factory.Services.GetRequiredService<AuditLog>().ReadAsync();
        Assert.Contains(audit, e => e.Action == "account.registered" && e.Entity == $"user/{stored.Id}");
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message_and_no_cookie()
    {
        await app.CreateAccountAsync("wrong@example.org", Password, Roles.Participant);
        using var session = app.Factory.NewSession();

        var response = await session.LoginAsync("wrong@example.org", "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("E-mail or password is wrong", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith("misuselab.auth=", StringComparison.Ordinal));
        Assert.Equal(1, (await app.Users.FindByEmailAsync("wrong@example.org"))!.FailedLogins);
    }

    [Theory]
    [InlineData("short@example.org", "short", "short", "at least 10 characters")]
    [InlineData("mismatch@example.org", "correct horse battery", "correct horse batterY", "The two passwords differ")]
    [InlineData("not-an-email", "correct horse battery", "correct horse battery", "Enter an e-mail address like name@example.org")]
    public async Task Invalid_registration_explains_the_problem_and_creates_nothing(string email, string password, string confirm, string message)
    {
        using var session = app.Factory.NewSession();

        var response = await session.SubmitAsync("/account/register", "/account/register", new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["ConfirmPassword"] = confirm,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Null(await app.Users.FindByEmailAsync(email));
    }

    [Fact]
    public async Task Registering_an_existing_address_in_other_case_answers_as_for_a_new_one_and_changes_nothing()
    {
        await app.CreateAccountAsync("taken@example.org", Password, Roles.Analyst);
        var locked = await app.CreateAccountAsync("taken.locked@example.org", Password, Roles.Participant);
        await app.Users.SetLockoutAsync(locked.Id, DateTimeOffset.UtcNow.AddMinutes(15));

        var answers = new List<(HttpStatusCode Status, string? Location, string Body, string Cookies)>();
        foreach (var email in new[] { "brand.new@example.org", "TAKEN@example.org", "taken.locked@example.org" })
        {
            using var session = app.Factory.NewSession();
            var response = await session.RegisterAsync(email, "another good password");
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set)
                ? string.Join("\n", set.Where(c => !c.StartsWith("misuselab.antiforgery", StringComparison.Ordinal)))
                : "";
            answers.Add((response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(), cookies));
        }

        Assert.Equal(HttpStatusCode.Redirect, answers[0].Status);
        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(Roles.Analyst, (await app.Users.FindByEmailAsync("taken@example.org"))!.Role);
        using var owner = app.Factory.NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await owner.LoginAsync("taken@example.org", Password)).StatusCode);
        using var squatter = app.Factory.NewSession();
        Assert.Equal(HttpStatusCode.OK, (await squatter.LoginAsync("taken@example.org", "another good password")).StatusCode);
    }

    [Theory]
    [InlineData("/facilitator", "/facilitator")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    public async Task Login_returns_only_to_local_addresses(string returnUrl, string expectedLocation)
    {
        var email = $"return{Math.Abs(returnUrl.GetHashCode())}@example.org";
        await app.CreateAccountAsync(email, Password, Roles.Facilitator);
        using var session = app.Factory.NewSession();

        var response = await session.LoginAsync(email, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
    }
}
