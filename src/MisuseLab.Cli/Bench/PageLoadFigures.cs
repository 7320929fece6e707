using MisuseLab.Bots;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// One bot run of the page-load bench, client-side: joining (/join/, /resume/) and study pages (/study/: pages, forms,
/// autosaves) apart. <see cref="Completed"/> bots reached the completion code, <see cref="Stopped"/> were still in the
/// study when a fixed-time run ended.
/// </summary>
internal sealed record LoadPhase(
    double JoinP50Milliseconds, double JoinP99Milliseconds, double PageP50Milliseconds, double PageP99Milliseconds,
    int JoinRequests, int PageRequests, int Completed, int Stopped, double Seconds, double ServerCpuSeconds, LoadWindow Load)
{
    public double PageRequestsPerSecond => Seconds > 0 ? PageRequests / Seconds : 0;

    /// <summary>Server CPU seconds over every request of the run (joins included: they are part of what a participant costs).</summary>
    public double CpuSecondsPerRequest => JoinRequests + PageRequests > 0 ? ServerCpuSeconds / (JoinRequests + PageRequests) : 0;

    public static LoadPhase From(BotReport report, double serverCpuSeconds, LoadWindow load) => new(
        report.JoinPercentile(0.50), report.JoinPercentile(0.99), report.PagePercentile(0.50), report.PagePercentile(0.99),
        report.JoinLatenciesMs?.Count ?? 0, report.PageLatenciesMs?.Count ?? 0, report.Completed, report.Stopped, report.Seconds, serverCpuSeconds, load);
}

/// <summary>One step of the throughput search: bots paced to offer <see cref="OfferedPagesPerSecond"/> page actions a second.</summary>
internal sealed record RateStep(double OfferedPagesPerSecond, LoadPhase Phase)
{
    /// <summary>The step is sustained: its study pages answered within the p99 bound.</summary>
    public bool Sustained => Phase.PageP99Milliseconds <= PageLoadFigures.MaxRpsP99Milliseconds && Phase.PageRequests > 0;
}

/// <summary>
/// What <c>misuselab bench</c> reports as <c>page_load</c>: a burst (every bot joins at once, no think time), a paced
/// run (think time per page, fixed duration) and the throughput search (offered rate stepped up until study pages' p99
/// exceeds <see cref="MaxRpsP99Milliseconds"/>).
/// </summary>
internal sealed record PageLoadFigures(LoadPhase Burst, LoadPhase Paced, IReadOnlyList<RateStep> Steps)
{
    public const double MaxRpsP99Milliseconds = 100;

    /// <summary>The sustained step with the most study-page requests a second; null when no step stayed within the bound.</summary>
    public RateStep? Best => Steps.Where(s => s.Sustained).MaxBy(s => s.Phase.PageRequestsPerSecond);
}
