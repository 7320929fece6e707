using System.Globalization;
using MisuseLab.Bots;
using MisuseLab.Proof.Tests.Support;
using MisuseLab.TestSupport;
using Xunit.Abstractions;

namespace MisuseLab.Proof.Tests.Storage;

/// <summary>
/// Two web nodes on one PostgreSQL database, started at the same moment on an empty database (so their migrations
/// and Data Protection key creation race). Participants alternate between the nodes on every request, with no sticky
/// sessions: a cookie or antiforgery token issued by one node must be accepted by the other.
/// </summary>
public sealed class TwoNodeTests(PostgresEngine engine, ITestOutputHelper output) : IClassFixture<PostgresEngine>
{
    [Fact]
    public async Task Participants_alternating_between_two_nodes_complete_the_study()
    {
        await using var database = await engine.CreateDatabaseAsync("twonodes");
        var portA = WebNode.FreePort();
        var portB = WebNode.FreePort();
        await using var a = WebNode.Launch(database.Options, portA);
        await using var b = WebNode.Launch(database.Options, portB);
        await Task.WhenAll(a.WaitHealthyAsync(TimeSpan.FromSeconds(90)), b.WaitHealthyAsync(TimeSpan.FromSeconds(90)));
        var study = await DemoStudy.LaunchAsync(database); // migrations already applied by the nodes: this only launches

        using var alternating = new AlternatingHandler(portA, portB);
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = a.BaseUrl,
            StudySlug = DemoStudy.Slug,
            Participants = 6,
            Concurrency = 1, // one request at a time, so each participant's requests strictly alternate A, B, A, B
            Policy = BotPolicy.Trusting,
            SubmitTwice = true,
            Reconnect = true,
            Timeout = TimeSpan.FromMinutes(4),
        }, alternating);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"two nodes: {report.Completed}/{report.Participants} completed, node A {alternating.ToA} requests, node B {alternating.ToB}, p50 {report.Percentile(0.5):F1} ms"));

        Assert.True(report.Errors == 0, "Bots failed:\n" + string.Join("\n", report.ErrorDetails.Take(10).Select(e => e.Message)) +
            $"\nnode A:\n{ConcurrentParticipantsTests<PostgresEngine>.Tail(a.Output)}\nnode B:\n{ConcurrentParticipantsTests<PostgresEngine>.Tail(b.Output)}");
        Assert.InRange(alternating.ToA, report.Requests / 3, report.Requests);
        Assert.InRange(alternating.ToB, report.Requests / 3, report.Requests);
        await StoredResponses.AssertCompleteAndExactlyOnceAsync(database, study, report);
    }

    /// <summary>
    /// Sends each request to the other node than the last one (the bots address node A). Like a load balancer, it
    /// keeps the Host header the client used, so absolute redirects (the sign-in challenge) name the public address.
    /// </summary>
    private sealed class AlternatingHandler(int portA, int portB) : DelegatingHandler(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        private long _count;
        private long _toA;
        private long _toB;

        public long ToA => Interlocked.Read(ref _toA);
        public long ToB => Interlocked.Read(ref _toB);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var useB = Interlocked.Increment(ref _count) % 2 == 0;
            Interlocked.Increment(ref useB ? ref _toB : ref _toA);
            request.Headers.Host = $"127.0.0.1:{portA}";
            request.RequestUri = new UriBuilder(request.RequestUri!) { Port = useB ? portB : portA }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
