using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Areas.Account;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Join by link (kaur2020: an invite study, so participant_sign_in defaults to link): the invitation admits without an
/// account; the browser is signed in for that study alone; a revoked invitation admits no one and its link signs in
/// nothing.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed partial class LinkSignInTests(StudyAppFixture app)
{
    [GeneratedRegex("id=\"resume-url\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex ResumeField();

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private async Task<(ParticipantClient Client, string Code, string ResumePath)> JoinByLinkAsync()
    {
        Assert.Equal(ParticipantSignIn.Link, app.Definition.Enrolment.SignIn);
        var client = app.NewClient();
        var code = await app.NewInviteCodeAsync();
        var consent = await client.GetAsync($"/join/{StudyAppFixture.Slug}?code={code}");
        Assert.Equal(200, consent.Status); // the consent page straight away: no register step
        var shown = await client.PostFormAsync($"/join/{StudyAppFixture.Slug}", [new("decision", "agree"), new("code", code)], ParticipantClient.TokenOf(consent));
        Assert.Equal(200, shown.Status);
        var resume = new Uri(WebUtility.HtmlDecode(ResumeField().Match(shown.Body).Groups[1].Value)).AbsolutePath;
        Assert.Matches("^/resume/[A-Za-z0-9_-]{43}$", resume);
        return (client, code, resume);
    }

    [Fact]
    public async Task An_invitation_link_enrols_without_an_account_and_the_resume_link_opens_the_same_session_elsewhere()
    {
        var (client, code, resume) = await JoinByLinkAsync();
        var background = await client.FollowAsync(await client.GetAsync($"/study/{StudyAppFixture.Slug}"));
        Assert.EndsWith($"/study/{StudyAppFixture.Slug}/background", background.Url);
        var first = await client.FollowAsync(await client.PostFormAsync($"/study/{StudyAppFixture.Slug}/background",
            DefaultBackground.For(app.Definition).SelectMany(q => ParticipantClient.ValidAnswers([q])), ParticipantClient.TokenOf(background)));
        Assert.EndsWith("/page/1", first.Url);

        var elsewhere = app.NewClient();
        var resumed = await elsewhere.FollowAsync(await elsewhere.GetAsync(resume));
        Assert.EndsWith($"/study/{StudyAppFixture.Slug}/page/1", resumed.Url);

        var me = (await app.Participants.GetAsync((await app.Participants.FindInviteCodeAsync(code))!.UsedBy!.Value))!;
        Assert.Equal((EntryKind.Invite, code, (long?)null, ParticipantStatus.Active), (me.Entry, me.EntryCode, me.UserId, me.Status));
        // Only the token's SHA-256 is stored: the token itself appears nowhere in the table.
        await using var connection = await app.Connections.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM participant_links WHERE participant_id = " + me.Id;
        var stored = (string)(await command.ExecuteScalarAsync())!;
        var token = resume["/resume/".Length..];
        Assert.NotEqual(token, stored);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), stored);
    }

    [Fact]
    public async Task A_link_for_kaur2020_signs_into_no_participant_route_of_another_study()
    {
        var (client, _, _) = await JoinByLinkAsync();
        await AssertSignsIntoNothingOfDemoAsync(app, client, StudyAppFixture.Slug);
    }

    /// <summary>
    /// <paramref name="client"/>, signed in by a link of study <paramref name="own"/>, tries every participant route of the
    /// demo study (an account study) and every staff page: each sends it to join or refuses, and no demo session appears.
    /// </summary>
    internal static async Task AssertSignsIntoNothingOfDemoAsync(StudyAppFixture app, ParticipantClient client, string own)
    {
        var ownPage = await client.FollowAsync(await client.GetAsync($"/study/{own}"));
        var token = ParticipantClient.TokenOf(ownPage); // antiforgery tokens belong to the sign-in, not to a study
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("study/{slug}", StringComparison.Ordinal) || raw.StartsWith("api/study/{slug}", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Raw: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(routes.Count >= 9, $"expected the session's pages and API among the routes; found {routes.Count}");
        var demoBefore = (await app.Participants.ListByVersionAsync(app.Demo.Id)).Count;

        foreach (var (method, raw) in routes)
        {
            var url = "/" + RouteParameter().Replace(raw, m => m.Groups[1].Value == "slug" ? "demo" : "1");
            var response = method == "GET" ? await client.GetAsync(url)
                : raw.StartsWith("api/", StringComparison.Ordinal) ? await client.PostJsonAsync(url, url.EndsWith("/events", StringComparison.Ordinal)
                    ? """{"type":"page.hidden","page":1}""" : """{"item":"global-confidence","value":"4"}""", token)
                : await client.PostFormAsync(url, [new("choice", "complete"), new("answer.global-confidence", "4")], token);
            if (raw.StartsWith("api/", StringComparison.Ordinal))
            {
                Assert.True(response.Status == 404 && response.Body.Contains("Not taking part", StringComparison.Ordinal), $"{method} {url}: {response.Status} {response.Body}");
            }
            else
            {
                Assert.True(response.Status is 302 or 303 && response.Location == "/join/demo", $"{method} {url}: {response.Status} → {response.Location}");
            }
        }
        // demo signs in with accounts: the link is no account, so joining it starts at the register page.
        var join = await client.GetAsync("/join/demo");
        Assert.StartsWith("/account/register", join.Location);
        Assert.Equal(demoBefore, (await app.Participants.ListByVersionAsync(app.Demo.Id)).Count);
        // Nor does it open any staff page.
        foreach (var staff in new[] { "/facilitator", "/analyst/studies" })
        {
            var denied = await client.GetAsync(staff);
            Assert.True(denied.Status is 302 or 403 && (denied.Location ?? "").Contains("/account/denied", StringComparison.Ordinal), $"{staff}: {denied.Status} → {denied.Location}");
        }
    }

    [Fact]
    public async Task A_revoked_invitation_admits_no_one_and_its_link_signs_in_nothing()
    {
        var (client, code, resume) = await JoinByLinkAsync();
        var study = (await app.Services.GetRequiredService<StudyRepository>().FindStudyAsync(StudyAppFixture.Slug))!;
        var links = app.Services.GetRequiredService<SignInLinks>();
        Assert.True(await links.RevokeAsync(study, code, AuditActor.System("tests"), CancellationToken.None));

        var elsewhere = app.NewClient();
        var refused = await elsewhere.GetAsync(resume);
        Assert.Equal(403, refused.Status);
        Assert.Contains("This link was withdrawn", refused.Body);
        Assert.DoesNotContain(AccountAreaExtensions.AuthCookieName, refused.Headers);
        Assert.Contains("/account/login", (await elsewhere.GetAsync($"/study/{StudyAppFixture.Slug}")).Location); // not signed in

        var holder = await client.GetAsync($"/study/{StudyAppFixture.Slug}");
        Assert.Equal(403, holder.Status);
        Assert.Contains("This link was withdrawn", holder.Body);

        var unused = await app.NewInviteCodeAsync();
        Assert.True(await links.RevokeAsync(study, unused, AuditActor.System("tests"), CancellationToken.None));
        var withdrawn = await app.NewClient().GetAsync($"/join/{StudyAppFixture.Slug}?code={unused}");
        Assert.Equal(403, withdrawn.Status);
        Assert.Contains("This invitation was withdrawn", withdrawn.Body);
        Assert.False(await links.RevokeAsync(study, "NOT-A-CODE", AuditActor.System("tests"), CancellationToken.None));
    }
}
