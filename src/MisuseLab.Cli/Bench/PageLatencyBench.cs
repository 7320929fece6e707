using System.Diagnostics;
using System.Globalization;
using MisuseLab.Bots;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// Page load with participants who join by link. The web app runs as its own process (<see cref="WebServerProcess"/>:
/// Production settings, Kestrel on 127.0.0.1, a temporary SQLite database); before it starts, the demo study is
/// launched into its database as an anonymous survey link (<see cref="LinkStudyCopy"/> says why that and not invite
/// codes). The bots run in this process, and every latency is measured on their side, so it is what a participant
/// waits for. Three measurements, one server:
/// <list type="number">
/// <item>burst: <see cref="BenchSettings.Bots"/> participants open the link at the same moment and work through the
/// study with no think time (join p99: /join/ and /resume/ requests; study pages p99: /study/ requests);</item>
/// <item>paced: as many bots in flight, each thinking <see cref="BenchSettings.ThinkMin"/>–<see cref="BenchSettings.ThinkMax"/>
/// per page, for <see cref="BenchSettings.PacedSeconds"/>; a bot that finishes makes room for a new participant;</item>
/// <item>throughput: the offered rate of page actions is doubled step by step (each bot thinks Bots / rate seconds),
/// <see cref="BenchSettings.StepSeconds"/> per step, until study pages' p99 exceeds 100 ms or the answered rate stops
/// growing; the maximum is the best sustained step's study-page requests a second, with the server process's CPU
/// seconds per request of that step.</item>
/// </list>
/// </summary>
internal static class PageLatencyBench
{
    public const string Study = "demo";

    /// <summary>First offered rate of page actions a second; each step doubles it.</summary>
    private const double FirstRate = 25;

    /// <summary>A step that answers less than this much more than the one before has reached what the machine can do.</summary>
    private const double MinGrowth = 1.10;

    public static (LatencyFigures Latency, PageLoadFigures Load) Run(BenchSettings settings, string dataDirectory, string studyFile, Action<string> log) =>
        RunAsync(settings, dataDirectory, studyFile, log).GetAwaiter().GetResult();

    private static async Task<(LatencyFigures, PageLoadFigures)> RunAsync(BenchSettings settings, string dataDirectory, string studyFile, Action<string> log)
    {
        log($"page load: launching {Path.GetFileName(studyFile)} with link sign-in into the server's database (trains its models and builds its stimuli)");
        await using var server = await WebServerProcess.StartAsync(dataDirectory, Study, TimeSpan.FromMinutes(10), CancellationToken.None,
            database => LinkStudyCopy.LaunchAsync(studyFile, database, dataDirectory, CancellationToken.None));
        log($"page load: server (pid {server.ProcessId}) at {server.Address}, {Study} open with link sign-in");

        if (settings.WarmupBots > 0)
        {
            var concurrency = Math.Min(settings.Bots, 8);
            var (_, warmup) = await MeasureAsync(server, Options(server, settings) with { Participants = settings.WarmupBots, Concurrency = concurrency }, requireAll: true);
            log(Inv($"page load, warm-up (not reported): {warmup.Completed} bots, {concurrency} at a time, in {warmup.Seconds:F1} s; study pages p50/p99 {warmup.PageP50Milliseconds:F1}/{warmup.PageP99Milliseconds:F1} ms; {warmup.Load.Note}"));
        }
        var (burstReport, burst) = await MeasureAsync(server, Options(server, settings) with { Participants = settings.Bots }, requireAll: true);
        log(Inv($"page load, burst: {burst.Completed} of {settings.Bots} bots finished in {burst.Seconds:F1} s; join p50/p99 {burst.JoinP50Milliseconds:F1}/{burst.JoinP99Milliseconds:F1} ms, study pages {burst.PageP50Milliseconds:F1}/{burst.PageP99Milliseconds:F1} ms; {burst.Load.Note}"));

        var (_, paced) = await MeasureAsync(server, Options(server, settings) with
        {
            ThinkTimeMin = settings.ThinkMin, ThinkTimeMax = settings.ThinkMax, Duration = TimeSpan.FromSeconds(settings.PacedSeconds),
        }, requireAll: false);
        log(Inv($"page load, paced ({settings.ThinkMin.TotalSeconds:0.###}–{settings.ThinkMax.TotalSeconds:0.###} s think time, {settings.PacedSeconds} s): {paced.Completed} finished, {paced.Stopped} still in the study; study pages p50/p99 {paced.PageP50Milliseconds:F1}/{paced.PageP99Milliseconds:F1} ms, {paced.PageRequestsPerSecond:F0}/s; {paced.Load.Note}"));

        var steps = new List<RateStep>();
        for (var rate = FirstRate; ; rate *= 2)
        {
            var think = TimeSpan.FromSeconds(settings.Bots / rate);
            var (_, phase) = await MeasureAsync(server, Options(server, settings) with
            {
                // Arrivals over the first third of the step: 200 joins within one short think time would be the burst again.
                ThinkTimeMin = think, ThinkTimeMax = think, ArrivalSpread = TimeSpan.FromSeconds(settings.StepSeconds / 3.0),
                Duration = TimeSpan.FromSeconds(settings.StepSeconds),
            }, requireAll: false);
            var step = new RateStep(rate, phase);
            steps.Add(step);
            log(Inv($"page load, step {rate:F0} page actions/s offered: study pages {phase.PageRequestsPerSecond:F0} requests/s, p99 {phase.PageP99Milliseconds:F1} ms, server CPU {phase.CpuSecondsPerRequest * 1000:F2} ms/request; {phase.Load.Note}"));
            var grew = steps.Count < 2 || phase.PageRequestsPerSecond >= MinGrowth * steps[^2].Phase.PageRequestsPerSecond;
            if (!step.Sustained || !grew || think < TimeSpan.FromMilliseconds(1)) break;
        }

        var latency = new LatencyFigures(burstReport.Percentile(0.50), burstReport.Percentile(0.99), burstReport.StudyPercentile(0.50), burstReport.StudyPercentile(0.99),
            (int)burstReport.Requests, settings.Bots, burstReport.Seconds, burst.Load);
        return (latency, new PageLoadFigures(burst, paced, steps));
    }

    private static BotOptions Options(WebServerProcess server, BenchSettings settings) => new()
    {
        BaseUrl = server.Address,
        StudySlug = Study,
        // Fixed-time runs start new participants as others finish; this is only their ceiling.
        Participants = BotOptions.MaxParticipants,
        Concurrency = settings.Bots,
        Policy = BotPolicy.Random,
        Seed = 42,
        Timeout = TimeSpan.FromSeconds(Math.Max(settings.PacedSeconds, settings.StepSeconds)) + TimeSpan.FromMinutes(20),
    };

    private static async Task<(BotReport, LoadPhase)> MeasureAsync(WebServerProcess server, BotOptions options, bool requireAll)
    {
        var load = LoadAverage.OneMinute();
        var cpu = server.CpuTime;
        using var bench = Process.GetCurrentProcess();
        var benchCpu = bench.TotalProcessorTime;
        var machine = MachineCpu.BusySeconds();
        var report = await BotRunner.RunAsync(options);
        var serverCpu = (server.CpuTime - cpu).TotalSeconds;
        bench.Refresh();
        // The bots run in this process: server and bots are the measured work, anything else is another process's.
        var others = MachineCpu.OthersCores(machine, MachineCpu.BusySeconds(), serverCpu + (bench.TotalProcessorTime - benchCpu).TotalSeconds, report.Seconds);
        if (report.Errors > 0)
            throw new IOException($"{report.Errors} bots did not finish (first: {report.ErrorDetails[0].Message}); latency figures that leave them out would flatter the server. " +
                $"The server's last output:{Environment.NewLine}{server.RecentOutput}");
        if (requireAll && report.Completed != options.Participants)
            throw new IOException($"{options.Participants - report.Completed} of {options.Participants} bots did not finish.");
        return (report, LoadPhase.From(report, serverCpu, new LoadWindow(load, LoadAverage.OneMinute(), others)));
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
