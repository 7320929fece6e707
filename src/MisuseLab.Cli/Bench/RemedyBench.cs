using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MisuseLab.Bots;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// What <c>misuselab bench</c> reports as <c>remedy</c> (issue 17): the latency of a remedy page's POST when
/// <see cref="Submissions"/> participants submit their fixes at the same moment, and how long launch took to
/// precompute the menu's scores. <see cref="Precomputed"/> is the number of scores stored at launch (0: the menu was too
/// large, every submission was trained on demand through the bounded queue).
/// </summary>
internal sealed record RemedyFigures(double SubmitP50Milliseconds, double SubmitP95Milliseconds, double SubmitMaxMilliseconds, int Submissions,
    double PrecomputeSeconds, int Precomputed, string Study, LoadWindow Load)
{
    /// <summary>The issue's target: a remedy submission answers within a second at p95.</summary>
    public const double TargetP95Milliseconds = 1000;
}

/// <summary>
/// Remedy submissions under load. The study (by default studies/kaur2020-utility.json) is launched by link into the
/// server's database as for the page-load bench, its remedy scores precomputed and timed; the web app then runs as its
/// own process (<see cref="WebServerProcess"/>). <see cref="BenchSettings.RemedyParticipants"/> bots (random policy:
/// each fix ticked with probability ½, so the choices vary) work through the study without think time and wait at the
/// remedy page until every one has reached it; then all post their choices at once, and each POST's latency is
/// measured on the bot's side (the redirect to the next page not included). The bots then finish the study.
/// </summary>
internal static class RemedyBench
{
    public static RemedyFigures Run(BenchSettings settings, string dataDirectory, Action<string> log) =>
        RunAsync(settings, dataDirectory, log).GetAwaiter().GetResult();

    private static async Task<RemedyFigures> RunAsync(BenchSettings settings, string dataDirectory, Action<string> log)
    {
        var definition = StudyDefinitionLoader.Load(settings.RemedyStudyPath);
        if (!definition.Pages.Any(p => p.Kind == PageKind.Remedy))
            throw new ArgumentException($"{settings.RemedyStudyPath}: the remedy bench needs a study with a page of kind 'remedy'; found none.");
        log($"remedy: launching {Path.GetFileName(settings.RemedyStudyPath)} with link sign-in into the server's database (trains its models, builds its stimuli, precomputes its remedy scores)");
        RemedyPrecompute? precompute = null;
        await using var server = await WebServerProcess.StartAsync(dataDirectory, definition.Id, TimeSpan.FromMinutes(30), CancellationToken.None,
            async database => precompute = await LinkStudyCopy.LaunchAsync(settings.RemedyStudyPath, database, dataDirectory, CancellationToken.None));
        log(Inv($"remedy: {precompute!.Stored} remedy scores precomputed in {precompute.Seconds:F1} s; server (pid {server.ProcessId}) at {server.Address}"));

        var participants = settings.RemedyParticipants;
        var arrived = 0;
        var everyone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new ConcurrentQueue<double>();
        var options = new BotOptions
        {
            BaseUrl = server.Address,
            StudySlug = definition.Id,
            Participants = participants,
            Concurrency = participants,
            Policy = BotPolicy.Random,
            Seed = 17,
            Timeout = TimeSpan.FromMinutes(20),
            // The barrier: the last bot to arrive releases them all. A bot that fails before it arrives leaves the others
            // waiting until the run's time limit, which then names it among the errors.
            BeforeRemedySubmit = async cancellationToken =>
            {
                if (Interlocked.Increment(ref arrived) == participants) everyone.TrySetResult();
                await everyone.Task.WaitAsync(cancellationToken);
            },
            RemedySubmitted = latencies.Enqueue,
        };

        var load = LoadAverage.OneMinute();
        var serverCpu = server.CpuTime;
        using var bench = Process.GetCurrentProcess();
        var benchCpu = bench.TotalProcessorTime;
        var machine = MachineCpu.BusySeconds();
        var report = await BotRunner.RunAsync(options);
        bench.Refresh();
        var others = MachineCpu.OthersCores(machine, MachineCpu.BusySeconds(), (server.CpuTime - serverCpu).TotalSeconds + (bench.TotalProcessorTime - benchCpu).TotalSeconds, report.Seconds);
        if (report.Errors > 0 || latencies.Count != participants)
            throw new IOException($"{report.Errors} of {participants} bots did not finish and {latencies.Count} remedy submissions were measured (first problem: {report.ErrorDetails.FirstOrDefault()?.Message ?? "none"}); " +
                $"figures that leave some out would flatter the server. The server's last output:{Environment.NewLine}{server.RecentOutput}");

        var sorted = latencies.Order().ToList();
        var figures = new RemedyFigures(Quantile(sorted, 0.50), Quantile(sorted, 0.95), sorted[^1], sorted.Count, precompute.Seconds, precompute.Stored,
            definition.Id, new LoadWindow(load, LoadAverage.OneMinute(), others));
        log(Inv($"remedy: {participants} simultaneous submissions, p50/p95/max {figures.SubmitP50Milliseconds:F1}/{figures.SubmitP95Milliseconds:F1}/{figures.SubmitMaxMilliseconds:F1} ms; {figures.Load.Note}"));
        return figures;
    }

    /// <summary>The q-quantile by the nearest-rank method, as <see cref="BotReport.Percentile"/>.</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
