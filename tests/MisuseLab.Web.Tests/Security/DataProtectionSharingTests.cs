using System.Net;
using Dapper;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

/// <summary>Two app instances on one database stand for two web nodes behind a load balancer.</summary>
public sealed class DataProtectionSharingTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task A_second_node_accepts_the_sign_in_cookie_issued_by_the_first()
    {
        await app.CreateAccountAsync("twonodes@example.org", "correct horse battery", Roles.Facilitator);
        using var nodeA = app.Factory.NewSession();
        var login = await nodeA.LoginAsync("twonodes@example.org", "correct horse battery");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("misuselab.auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var secondNode = new MisuseLabWebFactory(app.Database.Options);
        using var nodeB = secondNode.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/facilitator");
        request.Headers.Add("Cookie", authCookie);
        var response = await nodeB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("twonodes@example.org", await response.Content.ReadAsStringAsync());
        await using var connection = await app.Database.Connections.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"));
    }
}
