using MisuseLab.Bots;

namespace MisuseLab.Proof.Tests.Bots;

public sealed class BotOptionsTests
{
    [Fact]
    public void Validate_names_every_bad_setting()
    {
        var errors = new BotOptions
        {
            BaseUrl = new Uri("ftp://example.org/x"),
            StudySlug = "no spaces",
            Participants = 0,
            Concurrency = 1000,
            Timeout = TimeSpan.Zero,
            RunId = "not-ok!",
        }.Validate();
        Assert.Equal(6, errors.Count);
        foreach (var name in new[] { "BaseUrl", "StudySlug", "Participants", "Concurrency", "Timeout", "RunId" })
        {
            Assert.Contains(errors, e => e.StartsWith(name + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Bots_never_leave_the_site_they_were_given()
    {
        using var handler = new RedirectingHandler();
        var report = await BotRunner.RunAsync(new BotOptions { BaseUrl = new Uri("http://127.0.0.1:9/"), StudySlug = "demo", Participants = 1, Concurrency = 1 }, handler);
        Assert.Equal(1, report.Errors);
        Assert.Contains("Refusing to leave", report.ErrorDetails[0].Message);
        Assert.Equal(1, handler.Calls); // the redirect to another host was never requested
    }

    private sealed class RedirectingHandler : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.Found) { RequestMessage = request };
            response.Headers.Location = new Uri("http://evil.example/steal");
            return Task.FromResult(response);
        }
    }
}
