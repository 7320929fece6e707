using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Tests.Facilitator;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Panel entry (studies/baselines.json: Prolific, so participant_sign_in defaults to link): the facilitator's page shows
/// the signed entry URL; that URL with Prolific's id filled in admits without a password, for baselines alone; a
/// missing, altered or other-study signature admits no one; a second entry under the same id is refused.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed partial class PanelEntryTests(StudyAppFixture app)
{
    private const string Slug = "baselines";

    [GeneratedRegex("id=\"panel-entry-url\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex PanelField();

    [GeneratedRegex("id=\"resume-url\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex ResumeField();

    private static string NewPid() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    // Computed here from the audit key, apart from the code under test: HKDF-SHA256 (label below) then HMAC-SHA256 of the slug, 16 bytes, base64url.
    private string ExpectedSignature(string slug)
    {
        var ring = app.Services.GetRequiredService<AuditKeyRing>();
        Assert.True(ring.TryGetKey(ring.CurrentKeyId, out var key));
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, [], Encoding.UTF8.GetBytes("misuselab/panel-entry-url/v1"));
        return Convert.ToBase64String(HMACSHA256.HashData(derived, Encoding.UTF8.GetBytes(slug))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The URL the facilitator's study page shows, as a path, with Prolific's placeholders filled in.</summary>
    private async Task<string> EntryPathAsync(string pid)
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        await app.AddMemberAsync(facilitator.Email, Slug); // the fixture's studies have no importer (per-study access)
        var page = await facilitator.GetAsync($"/facilitator/studies/{Slug}");
        Assert.Equal(200, page.Status);
        var url = new Uri(WebUtility.HtmlDecode(PanelField().Match(page.Body).Groups[1].Value));
        Assert.Equal($"/join/{Slug}", url.AbsolutePath);
        Assert.Equal($"?PROLIFIC_PID={{{{%PROLIFIC_PID%}}}}&STUDY_ID={{{{%STUDY_ID%}}}}&SESSION_ID={{{{%SESSION_ID%}}}}&sig={ExpectedSignature(Slug)}",
            Uri.UnescapeDataString(url.Query));
        return Uri.UnescapeDataString(url.PathAndQuery).Replace("{{%PROLIFIC_PID%}}", pid, StringComparison.Ordinal)
            .Replace("{{%STUDY_ID%}}", "6a1b2c3d4e5f60718293a4b5", StringComparison.Ordinal).Replace("{{%SESSION_ID%}}", "s" + pid, StringComparison.Ordinal);
    }

    private async Task<(ParticipantClient Client, Exchange Shown)> EnterAsync(string path, string pid)
    {
        var client = app.NewClient();
        var consent = await client.GetAsync(path);
        Assert.Equal(200, consent.Status); // the consent page straight away: no register step
        var signature = Regex.Match(path, "sig=([^&]+)").Groups[1].Value;
        var shown = await client.PostFormAsync($"/join/{Slug}", [new("decision", "agree"), new("PROLIFIC_PID", pid), new("sig", signature)], ParticipantClient.TokenOf(consent));
        return (client, shown);
    }

    private async Task<int> PanelSessionsAsync(string pid) =>
        (await app.Participants.ListByVersionAsync(app.Baselines.Id)).Count(p => p.Entry == EntryKind.Prolific && p.EntryCode == pid);

    [Fact]
    public async Task The_signed_url_from_the_facilitator_page_enrols_the_panel_participant_without_a_password()
    {
        var enrolment = app.Services.GetRequiredService<MisuseLab.Platform.Studies.StudyCatalog>().DefinitionOf(app.Baselines).Enrolment;
        Assert.Equal((EnrolmentMode.Prolific, ParticipantSignIn.Link), (enrolment.Mode, enrolment.SignIn));
        var pid = NewPid();
        var (client, shown) = await EnterAsync(await EntryPathAsync(pid), pid);

        Assert.Equal(200, shown.Status);
        Assert.Contains(AccountAreaExtensions.AuthCookieName, shown.Headers);
        Assert.Matches("/resume/[A-Za-z0-9_-]{43}$", WebUtility.HtmlDecode(ResumeField().Match(shown.Body).Groups[1].Value));
        var background = await client.FollowAsync(await client.GetAsync($"/study/{Slug}"));
        Assert.EndsWith($"/study/{Slug}/background", background.Url);
        var me = (await app.Participants.ListByVersionAsync(app.Baselines.Id)).Single(p => p.EntryCode == pid);
        Assert.Equal((EntryKind.Prolific, (long?)null), (me.Entry, me.UserId));
    }

    [Fact]
    public async Task A_missing_altered_or_other_study_signature_admits_no_one()
    {
        var pid = NewPid();
        var good = ExpectedSignature(Slug);
        var altered = (good[0] == 'A' ? "B" : "A") + good[1..];
        foreach (var query in new[] { $"?PROLIFIC_PID={pid}", $"?PROLIFIC_PID={pid}&sig={altered}", $"?PROLIFIC_PID={pid}&sig={ExpectedSignature("demo")}",
                     $"?PROLIFIC_PID={pid}&sig={ExpectedSignature("kaur2020")}", $"?PROLIFIC_PID={pid}&sig=not-base64!" })
        {
            var client = app.NewClient();
            var refused = await client.GetAsync($"/join/{Slug}{query}");
            Assert.True(refused.Status == 403 && refused.Body.Contains("This study link is not valid", StringComparison.Ordinal), $"{query}: {refused.Status}");
            Assert.DoesNotContain(AccountAreaExtensions.AuthCookieName, refused.Headers);
            // Posting the consent directly, with the page's antiforgery token, is refused the same way.
            var token = ParticipantClient.TokenOf(await client.GetAsync("/account/login"));
            var sig = Regex.Match(query, "sig=([^&]+)") is { Success: true } m ? m.Groups[1].Value : "";
            var posted = await client.PostFormAsync($"/join/{Slug}", [new("decision", "agree"), new("PROLIFIC_PID", pid), new("sig", sig)], token);
            Assert.True(posted.Status == 403 && posted.Body.Contains("This study link is not valid", StringComparison.Ordinal), $"POST {query}: {posted.Status}");
            Assert.DoesNotContain(AccountAreaExtensions.AuthCookieName, posted.Headers);
        }
        Assert.Equal(0, await PanelSessionsAsync(pid));
    }

    [Fact]
    public async Task A_second_entry_with_the_same_panel_id_is_refused_elsewhere_and_continues_in_the_same_browser()
    {
        var pid = NewPid();
        var path = await EntryPathAsync(pid);
        var (owner, _) = await EnterAsync(path, pid);

        // Someone who guesses or copies the id, in another browser: refused, signed in to nothing.
        var other = app.NewClient();
        var consent = await other.GetAsync(path);
        var refused = await other.PostFormAsync($"/join/{Slug}", [new("decision", "agree"), new("PROLIFIC_PID", pid), new("sig", ExpectedSignature(Slug))], ParticipantClient.TokenOf(consent));
        Assert.Equal(403, refused.Status);
        Assert.Contains("You have already started this study", refused.Body);
        Assert.DoesNotContain(AccountAreaExtensions.AuthCookieName, refused.Headers);
        Assert.Contains("/account/login", (await other.GetAsync($"/study/{Slug}")).Location);
        Assert.Equal(1, await PanelSessionsAsync(pid));

        // The owner opening the panel link again goes back to their session.
        var again = await owner.GetAsync(path);
        Assert.Equal($"/study/{Slug}", again.Location);
    }

    [Fact]
    public async Task A_panel_link_for_baselines_signs_into_no_participant_route_of_another_study()
    {
        var pid = NewPid();
        var (client, _) = await EnterAsync(await EntryPathAsync(pid), pid);
        await LinkSignInTests.AssertSignsIntoNothingOfDemoAsync(app, client, Slug);
    }
}
