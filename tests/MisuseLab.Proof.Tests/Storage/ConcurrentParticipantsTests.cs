using System.Globalization;
using MisuseLab.Bots;
using MisuseLab.Proof.Tests.Support;
using MisuseLab.TestSupport;
using Xunit.Abstractions;

namespace MisuseLab.Proof.Tests.Storage;

/// <summary>
/// 200 participants at once (50 in flight) through the demo study on a real web node: no request fails, every
/// participant completes, and every answer is stored exactly once — also when every answer and page is sent twice
/// at the same moment and every participant closes the browser halfway and signs in again.
/// </summary>
public abstract class ConcurrentParticipantsTests<TEngine>(TEngine engine, ITestOutputHelper output) : IClassFixture<TEngine>
    where TEngine : class, ITestDatabaseEngine
{
    public const int Participants = 200;
    public const int Concurrency = 50;

    [Fact]
    public Task Two_hundred_participants_at_once_store_every_answer_exactly_once() => RunAsync(submitTwice: false, reconnect: false, seed: 11);

    [Fact]
    public Task Double_submits_and_reconnects_still_store_every_answer_exactly_once() => RunAsync(submitTwice: true, reconnect: true, seed: 23);

    private async Task RunAsync(bool submitTwice, bool reconnect, int seed)
    {
        await using var database = await engine.CreateDatabaseAsync("bots");
        var study = await DemoStudy.LaunchAsync(database);
        await using var node = await WebNode.StartAsync(database.Options);

        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = node.BaseUrl,
            StudySlug = DemoStudy.Slug,
            Participants = Participants,
            Concurrency = Concurrency,
            Policy = BotPolicy.Random,
            Seed = seed,
            SubmitTwice = submitTwice,
            Reconnect = reconnect,
            // About 2 minutes on an idle 2-core machine; the margin is for CI runners shared with other jobs.
            Timeout = TimeSpan.FromMinutes(8),
        });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine.Provider} submitTwice={submitTwice} reconnect={reconnect}: {report.Completed}/{report.Participants} completed, {report.Requests} requests in {report.Seconds:F1} s " +
            $"({report.Requests / report.Seconds:F0}/s), latency p50 {report.Percentile(0.5):F1} ms p95 {report.Percentile(0.95):F1} ms p99 {report.Percentile(0.99):F1} ms"));

        Assert.True(report.ServerErrors == 0 && report.ConnectionFailures == 0,
            $"{report.ServerErrors} server errors and {report.ConnectionFailures} failed connections; node output:\n{Tail(node.Output)}");
        await StoredResponses.AssertCompleteAndExactlyOnceAsync(database, study, report);
        Assert.Equal(1, DemoStudy.Builds);
    }

    internal static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}

public sealed class ConcurrentParticipantsSqliteTests(SqliteEngine e, ITestOutputHelper o) : ConcurrentParticipantsTests<SqliteEngine>(e, o);

public sealed class ConcurrentParticipantsPostgresTests(PostgresEngine e, ITestOutputHelper o) : ConcurrentParticipantsTests<PostgresEngine>(e, o);
