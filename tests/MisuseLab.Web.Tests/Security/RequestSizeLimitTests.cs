using System.Net;
using System.Text;
using MisuseLab.Platform.Drafts;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Form bodies are read only after authentication and authorization, under the endpoint's own size limit: an anonymous
/// client is sent to sign in whatever it posts, and a facilitator's import over its [RequestSizeLimit] gets 413.
/// </summary>
public sealed class RequestSizeLimitTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string Import = "/facilitator/import";
    private const long ImportLimit = StudyDrafts.MaxJsonBytes * 2L;

    private static MultipartFormDataContent Body(long bytes)
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(new string('x', (int)bytes), Encoding.ASCII), "json");
        return content;
    }

    [Fact]
    public async Task An_anonymous_post_over_the_endpoint_limit_is_sent_to_sign_in_not_read()
    {
        using var session = app.Factory.NewSession();

        var response = await session.Client.PostAsync(Import, Body(ImportLimit + 1));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_signed_in_facilitator_s_post_over_the_endpoint_limit_gets_413_and_one_under_it_reaches_the_endpoint()
    {
        await app.CreateAccountAsync("limits@example.org", "correct horse battery", Roles.Facilitator);
        using var session = app.Factory.NewSession();
        await session.LoginAsync("limits@example.org", "correct horse battery");

        var over = await session.Client.PostAsync(Import, Body(ImportLimit + 1));
        // Under the limit the body is read and the request goes on to the endpoint (whose antiforgery check refuses it).
        var under = await session.Client.PostAsync(Import, Body(1000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, under.StatusCode);
    }
}
