using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Account;

public sealed class LockoutTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Fifth_wrong_password_locks_for_15_minutes_and_even_the_right_password_is_then_refused()
    {
        var account = await app.CreateAccountAsync("lock@example.org", Password, Roles.Participant);
        using var session = app.Factory.NewSession();
        var before = DateTimeOffset.UtcNow;

        var pages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await session.LoginAsync("lock@example.org", $"wrong {i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }
        var withRightPassword = await session.LoginAsync("lock@example.org", Password);

        // The answer never says "locked" for this address alone (that would tell who has an account): every refusal
        // carries the same message, which states the rule.
        const string expected = "E-mail or password is wrong. Check both and try again. After 5 wrong passwords in a row an account refuses sign-ins for 15 minutes";
        Assert.All(pages, p => Assert.Contains(expected, p));
        var lockedUntil = (await app.Users.FindByIdAsync(account.Id))!.LockoutEnd!.Value;
        Assert.InRange(lockedUntil, before.AddMinutes(15).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains(expected, await withRightPassword.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Signed in as", await session.GetPageAsync("/"));
        var audit = await app.Factory.Services.GetRequiredService<AuditLog>().ReadAsync();
        Assert.Single(audit, e => e.Action == "account.locked_out" && e.Entity == $"user/{account.Id}");
    }

    [Fact]
    public async Task Successful_sign_in_clears_earlier_failures()
    {
        var account = await app.CreateAccountAsync("recover@example.org", Password, Roles.Participant);
        using var session = app.Factory.NewSession();
        for (var i = 0; i < 4; i++)
        {
            await session.LoginAsync("recover@example.org", "wrong");
        }

        var response = await session.LoginAsync("recover@example.org", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, (await app.Users.FindByIdAsync(account.Id))!.FailedLogins);
    }

    [Fact]
    public async Task Lockout_ends_at_the_stated_time()
    {
        var account = await app.CreateAccountAsync("expired@example.org", Password, Roles.Participant);
        await app.Users.SetLockoutAsync(account.Id, DateTimeOffset.UtcNow.AddSeconds(-1));
        using var session = app.Factory.NewSession();

        var response = await session.LoginAsync("expired@example.org", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null((await app.Users.FindByIdAsync(account.Id))!.LockoutEnd);
    }
}
