using System.Net;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Account;

public sealed class RoleAuthorizationTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in_with_a_return_address()
    {
        using var session = app.Factory.NewSession();

        var response = await session.GetAsync("/facilitator");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Ffacilitator", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData(Roles.Participant)]
    [InlineData(Roles.Analyst)]
    public async Task Other_roles_are_refused_the_facilitator_area_with_403(string role)
    {
        using var session = await SignedInAsync(role);

        var response = await session.GetAsync("/facilitator");
        var denied = await session.GetAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("You do not have access to this page", await denied.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Facilitator)]
    [InlineData(Roles.Admin)]
    public async Task Facilitators_and_admins_reach_the_facilitator_area(string role)
    {
        using var session = await SignedInAsync(role);

        var page = await session.GetPageAsync("/facilitator");

        Assert.Contains("<h1>Facilitator</h1>", page);
    }

    [Fact]
    public async Task Api_requests_get_401_not_a_login_redirect()
    {
        using var session = app.Factory.NewSession();

        var response = await session.GetAsync("/api/test/secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Role_change_takes_effect_on_the_next_request_but_a_lockout_leaves_open_sessions_alone()
    {
        using var demoted = await SignedInAsync(Roles.Facilitator, "demoted@example.org");
        using var locked = await SignedInAsync(Roles.Facilitator, "lockedout@example.org");
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/facilitator")).StatusCode);

        await using (var connection = await app.Database.Connections.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE users SET role = 'participant' WHERE email = 'demoted@example.org'");
        }
        var lockedAccount = (await app.Users.FindByEmailAsync("lockedout@example.org"))!;
        await app.Users.SetLockoutAsync(lockedAccount.Id, DateTimeOffset.UtcNow.AddMinutes(15));

        var response = await demoted.GetAsync("/facilitator");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("Signed in as", await demoted.GetPageAsync("/"));
        // Anyone can lock an account by guessing wrong; that must not throw its owner out.
        Assert.Equal(HttpStatusCode.OK, (await locked.GetAsync("/facilitator")).StatusCode);
    }

    private async Task<BrowserSession> SignedInAsync(string role, string? email = null)
    {
        email ??= $"{role}.{Guid.NewGuid():N}@example.org";
        await app.CreateAccountAsync(email, Password, role);
        var session = app.Factory.NewSession();
        var login = await session.LoginAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return session;
    }
}
