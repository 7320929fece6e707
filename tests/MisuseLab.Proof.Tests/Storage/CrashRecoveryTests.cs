using System.Globalization;
using MisuseLab.Bots;
using MisuseLab.Proof.Tests.Support;
using MisuseLab.TestSupport;
using Xunit.Abstractions;

namespace MisuseLab.Proof.Tests.Storage;

/// <summary>
/// SIGKILL the web node in the middle of a run and start it again on the same database and port: every answer the
/// server acknowledged (204 autosave, 303 page submit) is stored with that value, and the participants sign in again
/// and finish from where they were, with nothing stored twice.
/// </summary>
public abstract class CrashRecoveryTests<TEngine>(TEngine engine, ITestOutputHelper output) : IClassFixture<TEngine>
    where TEngine : class, ITestDatabaseEngine
{
    private const int Participants = 60;

    [Fact]
    public async Task Killed_server_keeps_acknowledged_answers_and_participants_resume_after_restart()
    {
        await using var database = await engine.CreateDatabaseAsync("crash");
        var study = await DemoStudy.LaunchAsync(database);
        var port = WebNode.FreePort();
        var first = await WebNode.StartAsync(database.Options, port);

        var metrics = new RunMetrics(); // the run's live counters: the test waits for the bots to meet the outage
        var run = BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = first.BaseUrl,
            StudySlug = DemoStudy.Slug,
            Participants = Participants,
            Concurrency = 20,
            Policy = BotPolicy.Random,
            Seed = 5,
            OutageTolerance = TimeSpan.FromSeconds(90),
            Timeout = TimeSpan.FromMinutes(3),
        }, metrics, handler: null, CancellationToken.None);

        // Kill once a third of all answers are in: bots are spread over every stage of the study by then.
        var expected = Participants * study.PageItems.Count;
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(run.IsCompleted, "The bots finished before the server could be killed mid-run.");
            var stored = await StoredResponses.CountAnswersAsync(database);
            return (stored >= expected / 3, string.Create(CultureInfo.InvariantCulture, $"{stored} of {expected} answers stored"));
        }, TimeSpan.FromMinutes(3), "a third of all answers to be stored");
        var failuresBefore = metrics.ConnectionFailures;
        first.Kill();
        var atKill = await StoredResponses.CountAnswersAsync(database);
        // Restart only once a bot has met the dead server (a request cut off or refused) and the port is free again.
        await Eventually.UntilAsync(() => metrics.ConnectionFailures > failuresBefore, TimeSpan.FromSeconds(30), "a bot to find the killed node unreachable");
        await Eventually.UntilAsync(() => WebNode.PortIsFree(port), TimeSpan.FromSeconds(30), $"port {port} to be released by the killed node");
        await using var second = await WebNode.StartAsync(database.Options, port);

        var report = await run;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine.Provider}: killed with {atKill} of {expected} answers stored; {report.ConnectionFailures} requests cut off; " +
            $"{report.Completed}/{report.Participants} completed after restart, {report.Requests} requests in {report.Seconds:F1} s"));

        Assert.True(atKill < expected, "Every answer was already stored when the node was killed.");
        Assert.True(report.ConnectionFailures > 0, "No bot noticed the outage; the kill did not happen mid-run.");
        Assert.True(report.ServerErrors == 0, $"{report.ServerErrors} 5xx answers; restarted node output:\n{ConcurrentParticipantsTests<TEngine>.Tail(second.Output)}");
        await StoredResponses.AssertCompleteAndExactlyOnceAsync(database, study, report);
        await first.DisposeAsync();
    }
}

public sealed class CrashRecoverySqliteTests(SqliteEngine e, ITestOutputHelper o) : CrashRecoveryTests<SqliteEngine>(e, o);

public sealed class CrashRecoveryPostgresTests(PostgresEngine e, ITestOutputHelper o) : CrashRecoveryTests<PostgresEngine>(e, o);
