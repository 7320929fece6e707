using MisuseLab.Bots;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// Page latency under concurrent participants: the web app runs as its own process (<see cref="WebServerProcess"/>;
/// Production settings, Kestrel on 127.0.0.1, a temporary SQLite database, the demo study launched at its start-up),
/// then <see cref="BotRunner"/> in this process puts every bot in flight at once. The percentiles are over every HTTP
/// request the bots made (registration, login, page GETs, form posts, autosaves), measured on the client side, so they
/// include what a participant waits for: password hashing at registration and login as much as page rendering.
/// </summary>
internal static class PageLatencyBench
{
    public const string Study = "demo";

    public static LatencyFigures Run(BenchSettings settings, string dataDirectory, Action<string> log) =>
        RunAsync(settings, dataDirectory, log).GetAwaiter().GetResult();

    private static async Task<LatencyFigures> RunAsync(BenchSettings settings, string dataDirectory, Action<string> log)
    {
        log("page latency: starting the web app as its own process; it launches the demo study (trains its models and builds its stimuli)");
        await using var server = await WebServerProcess.StartAsync(dataDirectory, Study, TimeSpan.FromMinutes(10), CancellationToken.None);
        log($"page latency: server (pid {server.ProcessId}) at {server.Address}, {Study} open");
        var load = LoadAverage.OneMinute();
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = server.Address,
            StudySlug = Study,
            Participants = settings.Bots,
            Concurrency = settings.Bots,
            Policy = BotPolicy.Random,
            Seed = 42,
            Timeout = TimeSpan.FromMinutes(20),
        });
        if (report.Errors > 0)
            throw new IOException($"{report.Errors} of {report.Participants} bots did not finish (first: {report.ErrorDetails[0].Message}); latency figures that leave them out would flatter the server.");
        log($"page latency: {report.Completed} bots finished, {report.Requests:N0} requests in {report.Seconds:F1} s");
        return new LatencyFigures(report.Percentile(0.50), report.Percentile(0.99), report.StudyPercentile(0.50), report.StudyPercentile(0.99),
            (int)report.Requests, settings.Bots, report.Seconds, new LoadWindow(load, LoadAverage.OneMinute()));
    }
}
