using System.Net;
using System.Text.Json;
using MisuseLab.Web.Tests.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

public sealed class ProblemDetailsTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Api_exception_becomes_a_500_problem_without_internal_details()
    {
        using var session = app.Factory.NewSession();

        var response = await session.GetAsync("/api/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(TestApiController.SecretMessage, body);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("/api/test/throw", problem.RootElement.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem_and_unknown_page_is_an_html_page()
    {
        using var session = app.Factory.NewSession();

        var api = await session.GetAsync("/api/nothing-here");
        var page = await session.GetAsync("/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync());
    }
}
