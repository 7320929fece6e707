using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security;

/// <summary>
/// Behind a TLS-terminating proxy the app sees plain http from the proxy. With the proxy configured
/// (<c>MisuseLab:Proxy</c>), its <c>X-Forwarded-Proto: https</c> makes cookies Secure and turns HSTS on; the same
/// headers from any other address change nothing, so a client cannot claim https for itself.
/// </summary>
public sealed class ForwardedHeadersTests() : RemoteAddressTests("misuselab-proxy-")
{
    private WebApplicationFactory<Program> NewApp() => NewApp("proxy.db", b =>
    {
        b.UseSetting("MisuseLab:Proxy:KnownProxies:0", "10.0.0.5");
        b.UseSetting("MisuseLab:Proxy:KnownNetworks:0", "10.1.2.0/24");
    });

    private static async Task<HttpResponseMessage> GetLoginAsync(HttpClient client, string remote, bool forwardedHttps)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add(Header, remote);
        if (forwardedHttps)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        }
        return await client.SendAsync(request);
    }

    private static string AntiforgeryCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("misuselab.antiforgery=", StringComparison.Ordinal)).ToLowerInvariant();

    [Theory]
    [InlineData("10.0.0.5")]   // a configured proxy
    [InlineData("10.1.2.77")]  // an address in a configured proxy network
    public async Task Https_forwarded_by_a_configured_proxy_gives_secure_cookies_and_hsts(string proxy)
    {
        await using var app = NewApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://study.example.org"), AllowAutoRedirect = false });

        var response = await GetLoginAsync(client, proxy, forwardedHttps: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("; secure", AntiforgeryCookie(response));
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory]
    [InlineData("203.0.113.9", true)]  // a client sending the proxy's headers itself
    [InlineData("10.0.0.5", false)]    // the proxy forwarding plain http
    public async Task Without_https_from_a_configured_proxy_cookies_are_not_secure_and_no_hsts_is_sent(string remote, bool forwardedHttps)
    {
        await using var app = NewApp();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://study.example.org"), AllowAutoRedirect = false });

        var response = await GetLoginAsync(client, remote, forwardedHttps);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secure", AntiforgeryCookie(response));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
