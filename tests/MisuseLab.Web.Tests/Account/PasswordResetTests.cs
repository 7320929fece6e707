using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Accounts;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Account;

/// <summary>
/// Password reset: the request answers the same bytes for an existing, a locked and an unknown address and only existing
/// accounts get a message (in the pickup directory); a link works once and not after it expires; using one ends no
/// other account's session. The app's clock is a test clock, moved by hand, and the tests wait on the queue's
/// <see cref="PasswordResetQueue.Handled"/> event, never on time.
/// </summary>
public sealed class PasswordResetTests(WebAppFixture fixture) : IClassFixture<WebAppFixture>, IDisposable
{
    private const string Password = "correct horse battery";
    private const string NewPassword = "a brand new passphrase";

    private readonly string _pickup = Directory.CreateTempSubdirectory("misuselab-reset-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private WebApplicationFactory<Program>? _app;

    private WebApplicationFactory<Program> App => _app ??= fixture.Factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("MisuseLab:PasswordReset:PickupDirectory", _pickup);
        b.UseSetting("MisuseLab:PasswordReset:ExpiryMinutes", "30");
        b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock));
    });

    private BrowserSession NewSession() => new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    [Fact]
    public async Task Existing_locked_and_unknown_addresses_get_byte_identical_answers_and_only_accounts_get_a_link()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var active = $"active-{id}@example.org";
        var locked = $"locked-{id}@example.org";
        var unknown = $"unknown-{id}@example.org";
        await fixture.CreateAccountAsync(active, Password, Roles.Participant);
        var lockedAccount = await fixture.CreateAccountAsync(locked, Password, Roles.Participant);
        await fixture.Users.RecordFailedLoginAsync(lockedAccount.Id, _clock.GetUtcNow(), maxFailures: 1, TimeSpan.FromHours(1));
        Assert.True((await fixture.Users.FindByIdAsync(lockedAccount.Id))!.IsLockedOut(_clock.GetUtcNow()));
        var handled = WaitForHandled(3);

        var answers = new List<(HttpStatusCode Status, string? Type, byte[] Body)>();
        foreach (var email in new[] { unknown, locked, active })
        {
            using var session = NewSession();
            var response = await session.SubmitAsync("/account/forgot", "/account/forgot", new Dictionary<string, string> { ["Email"] = email });
            answers.Add((response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        Assert.All(answers, a => Assert.Equal((answers[0].Status, answers[0].Type), (a.Status, a.Type)));
        Assert.All(answers, a => Assert.Equal(answers[0].Body, a.Body));
        await handled.WaitAsync(TimeSpan.FromMinutes(1));
        var messages = Directory.GetFiles(_pickup).Select(File.ReadAllText).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Single(messages, m => m.Contains($"To: {active}", StringComparison.Ordinal));
        Assert.Single(messages, m => m.Contains($"To: {locked}", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(unknown, StringComparison.Ordinal));
        // Only the token's hash is stored; the audit entries name accounts by id.
        var entries = await App.Services.GetRequiredService<AuditLog>().ReadAsync(1, 100_000);
        Assert.DoesNotContain(entries, e => e.PayloadJson.Contains('@', StringComparison.Ordinal) || e.Actor.Contains('@', StringComparison.Ordinal));

        // The locked owner gets back in with the link, and the lockout ends.
        var token = TokenIn(messages.Single(m => m.Contains($"To: {locked}", StringComparison.Ordinal)));
        using var owner = NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await ResetAsync(owner, token, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.LoginAsync(locked, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_link_works_once_and_not_after_it_expires_and_using_it_ends_no_other_session()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var email = $"reset-{id}@example.org";
        var other = $"other-{id}@example.org";
        await fixture.CreateAccountAsync(email, Password, Roles.Facilitator);
        await fixture.CreateAccountAsync(other, Password, Roles.Facilitator);
        using var otherSession = NewSession();
        Assert.Equal(HttpStatusCode.Redirect, (await otherSession.LoginAsync(other, Password)).StatusCode);
        var resets = App.Services.GetRequiredService<PasswordResets>();

        var link = (await resets.IssueAsync(email, AuditActor.System("tests"), CancellationToken.None))!;
        var token = link.Url[(link.Url.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
        using var session = NewSession();
        var used = await ResetAsync(session, token, NewPassword);
        var again = await ResetAsync(session, token, "yet another passphrase here");

        Assert.Equal("/account/login?reset=true", used.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LoginAsync(email, NewPassword)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await NewSession().LoginAsync(email, "yet another passphrase here")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherSession.GetAsync("/facilitator")).StatusCode);

        var late = (await resets.IssueAsync(email, AuditActor.System("tests"), CancellationToken.None))!;
        _clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await ResetAsync(NewSession(), late.Url[(late.Url.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..], "an expired link's passphrase");
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("does not work", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await NewSession().LoginAsync(email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_admin_issues_a_link_on_the_account_page_and_others_cannot()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await fixture.CreateAccountAsync($"admin-{id}@example.org", Password, Roles.Admin);
        await fixture.CreateAccountAsync($"facilitator-{id}@example.org", Password, Roles.Facilitator);
        await fixture.CreateAccountAsync($"target-{id}@example.org", Password, Roles.Participant);
        using var admin = NewSession();
        await admin.LoginAsync($"admin-{id}@example.org", Password);
        using var facilitator = NewSession();
        await facilitator.LoginAsync($"facilitator-{id}@example.org", Password);

        var issued = await admin.SubmitAsync("/account/delete", "/account/reset-link", new Dictionary<string, string> { ["email"] = $"target-{id}@example.org" });
        var refused = await facilitator.SubmitAsync("/account/delete", "/account/reset-link", new Dictionary<string, string> { ["email"] = $"target-{id}@example.org" });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var page = WebUtility.HtmlDecode(await issued.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await ResetAsync(NewSession(), TokenIn(page), NewPassword)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    private static Task<HttpResponseMessage> ResetAsync(BrowserSession session, string token, string password) =>
        session.SubmitAsync("/account/reset?token=" + Uri.EscapeDataString(token), "/account/reset",
            new Dictionary<string, string> { ["Token"] = token, ["Password"] = password, ["ConfirmPassword"] = password });

    private static string TokenIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "/account/reset\\?token=([A-Za-z0-9_-]+)");
        Assert.True(match.Success, "no reset link in: " + text);
        return match.Groups[1].Value;
    }

    /// <summary>Completes when the queue has handled <paramref name="count"/> more requests.</summary>
    private Task WaitForHandled(int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = count;
        App.Services.GetRequiredService<PasswordResetQueue>().Handled += () =>
        {
            if (Interlocked.Decrement(ref left) == 0) done.TrySetResult();
        };
        return done.Task;
    }

    public void Dispose()
    {
        _app?.Dispose();
        try { Directory.Delete(_pickup, recursive: true); } catch (IOException) { }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
