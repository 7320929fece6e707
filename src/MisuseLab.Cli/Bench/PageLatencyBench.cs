namespace MisuseLab.Cli.Bench;

/// <summary>Page latency under concurrent simulated participants (BotRunner, from branch bots).</summary>
internal static class PageLatencyBench
{
    public static LatencyFigures? Run(BenchSettings settings, Action<string> log)
    {
        // BotRunner has not landed on main yet; until it does, latency is reported as not measured.
        log($"page latency: not measured in this build (BotRunner is not available yet); {settings.Bots} bots requested");
        return null;
    }
}
