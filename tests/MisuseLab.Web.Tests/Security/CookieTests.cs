using System.Net;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

public sealed class CookieTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Sign_in_cookie_is_http_only_and_same_site_lax_and_antiforgery_cookie_is_strict()
    {
        await app.CreateAccountAsync("cookie@example.org", "correct horse battery", Roles.Participant);
        using var session = app.Factory.NewSession();
        var form = await session.GetAsync("/account/login");

        var login = await session.LoginAsync("cookie@example.org", "correct horse battery");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var auth = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("misuselab.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
        Assert.Contains("path=/", auth);
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("misuselab.antiforgery=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);
    }

    [Fact]
    public async Task Cookies_are_marked_secure_when_the_request_is_https()
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
        });

        var response = await client.GetAsync("/account/login");

        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("misuselab.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery.ToLowerInvariant());
    }
}
