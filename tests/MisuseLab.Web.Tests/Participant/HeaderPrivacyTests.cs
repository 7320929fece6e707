using System.Net;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Facilitator;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Lab sessions share screens: a participant's pages never show their e-mail address, only a masked form of it
/// (enough to notice a wrong account). Staff pages still name the signed-in account in full.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class HeaderPrivacyTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;

    [Fact]
    public async Task No_page_of_a_whole_session_shows_the_participant_s_e_mail_address()
    {
        var client = app.NewClient();
        var page = await client.EnrolAsync();
        var debrief = await client.AdvanceToAsync(app, page, app.Definition.Pages.Count - 1);
        await client.FollowAsync(await client.PostFormAsync($"{Study}/finish", [new("choice", "complete")], ParticipantClient.TokenOf(debrief)));
        var home = await client.GetAsync("/");
        var denied = await client.FollowAsync(await client.GetAsync("/facilitator"));

        var email = client.Email;
        var local = email[..email.IndexOf('@')];
        var masked = $"{email[0]}•••@example.org";
        var pages = client.Log.Where(e => e.Status == 200 && e.Headers.Contains("text/html", StringComparison.Ordinal)).ToList();
        Assert.Contains(pages, e => e.Url.Contains("/page/", StringComparison.Ordinal)); // the walk really showed study pages
        Assert.Contains(pages, e => e.Url.EndsWith("/done", StringComparison.Ordinal));
        Assert.Equal(403, denied.Status);
        foreach (var e in client.Log)
        {
            var text = WebUtility.HtmlDecode(e.Body);
            Assert.False(text.Contains(local, StringComparison.OrdinalIgnoreCase), $"{e.Method} {e.Url} ({e.Status}) shows the participant's address '{email}'.");
        }
        foreach (var e in pages.Where(e => e.Url.Contains("/study/", StringComparison.Ordinal)).Append(home).Append(denied))
        {
            Assert.Contains("class=\"nav-user\"", e.Body);
            Assert.Contains(masked, WebUtility.HtmlDecode(e.Body));
        }
        Assert.Contains($"Signed in as <strong>{masked}</strong>", WebUtility.HtmlDecode(home.Body));
    }

    [Fact]
    public async Task Staff_headers_still_name_the_account()
    {
        foreach (var role in new[] { Roles.Facilitator, Roles.Analyst, Roles.Admin })
        {
            var client = await app.SignedInAsync(role);
            var home = await client.GetAsync("/");
            Assert.Contains($"Signed in as <strong>{client.Email}</strong>", home.Body);
            Assert.Contains($">{client.Email}</span>", home.Body);
        }
    }
}
