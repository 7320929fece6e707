using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Infrastructure;
using MisuseLab.Web.Tests.Infrastructure;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Issue 18's acceptance with the shipped limits (no <c>RaiseRateLimits</c>): a client guessing passwords is cut off
/// with 429 and Retry-After, the account it locks keeps its open session, and the sign-in answer does not tell an
/// existing, a locked and an unknown address apart.
/// </summary>
public sealed partial class RateLimitTests : RemoteAddressTests
{
    private const string Password = "correct horse battery";
    private readonly WebApplicationFactory<Program> _app;

    public RateLimitTests() : base("misuselab-ratelimit-") => _app = NewApp("limits.db");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryField();

    private BrowserSession From(string address)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(Header, address);
        return new BrowserSession(client);
    }

    private Task<UserAccount> AccountAsync(string email) =>
        _app.Services.GetRequiredService<UserRepository>().AddAsync(email, AccountPasswords.Hash(Password), Roles.Participant, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Twenty_bad_sign_ins_from_one_client_get_429_and_the_targets_open_session_still_works()
    {
        var account = await AccountAsync("target@example.org");
        using var owner = From("192.0.2.10");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.LoginAsync("target@example.org", Password)).StatusCode);
        using var attacker = From("203.0.113.9");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await attacker.LoginAsync("target@example.org", $"guess {i}"));
        }

        // The window opens at the first attempt; twenty attempts take seconds, far less than the minute.
        var limit = new RateLimitOptions().SignInPerClient;
        Assert.True(limit < 20, $"expected the shipped per-client sign-in limit below 20; found {limit}");
        Assert.All(answers.Take(limit), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(limit), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode);
            var retryAfter = int.Parse(Assert.Single(a.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        });
        Assert.True((await _app.Services.GetRequiredService<UserRepository>().FindByIdAsync(account.Id))!.IsLockedOut(DateTimeOffset.UtcNow),
            "expected the guesses to lock the account (5 wrong passwords)");
        // Locked, yet the session opened before the attack goes on; the locked owner's new sign-in, from another
        // address, is refused like any wrong password.
        var home = await owner.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Signed in as", await home.Content.ReadAsStringAsync());
        using var ownerElsewhere = From("192.0.2.11");
        Assert.Equal(HttpStatusCode.OK, (await ownerElsewhere.LoginAsync("target@example.org", Password)).StatusCode);
    }

    [Fact]
    public async Task Existing_locked_and_unknown_addresses_get_byte_identical_sign_in_answers()
    {
        await AccountAsync("known1@example.org");
        var locked = await AccountAsync("lockd1@example.org");
        await _app.Services.GetRequiredService<UserRepository>().SetLockoutAsync(locked.Id, DateTimeOffset.UtcNow.AddMinutes(15));
        var attempts = new[] { ("known1@example.org", "wrong password"), ("lockd1@example.org", Password), ("nobod1@example.org", Password) };

        var seen = new List<(HttpStatusCode Status, string Body, string Cookies)>();
        var n = 0;
        foreach (var (email, password) in attempts)
        {
            using var visitor = From($"198.51.100.{++n}");
            var response = await visitor.LoginAsync(email, password);
            var body = await response.Content.ReadAsStringAsync();
            // What may differ: the antiforgery token (random per response) and the address the visitor typed, echoed
            // back into the form's value attribute. Everything else must be the same bytes.
            Assert.Contains($"value=\"{email}\"", body);
            var cookies = response.Headers.TryGetValues("Set-Cookie", out var set)
                ? string.Join("\n", set.Where(c => !c.StartsWith("misuselab.antiforgery", StringComparison.Ordinal)))
                : "";
            seen.Add((response.StatusCode, AntiforgeryField().Replace(body.Replace(email, "{address}", StringComparison.Ordinal), "{token}"), cookies));
        }

        Assert.Equal(HttpStatusCode.OK, seen[0].Status);
        Assert.Contains("E-mail or password is wrong", seen[0].Body);
        Assert.All(seen.Skip(1), s =>
        {
            Assert.Equal(seen[0].Status, s.Status);
            Assert.Equal(seen[0].Body, s.Body);
            Assert.Equal(seen[0].Cookies, s.Cookies);
        });
    }

    public override void Dispose()
    {
        _app.Dispose();
        base.Dispose();
    }
}
