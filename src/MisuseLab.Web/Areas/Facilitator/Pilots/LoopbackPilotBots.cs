using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MisuseLab.Bots;
using MisuseLab.Platform.Pilots;

namespace MisuseLab.Web.Areas.Facilitator.Pilots;

/// <summary>
/// Runs a pilot's bots (MisuseLab.Bots) over real HTTP against the address this app's own server listens on
/// (<see cref="IServerAddressesFeature"/>), so pilot participants go through registration, consent, every page and the
/// debrief exactly as people do. A host without a socket (the in-process TestServer) reports no address: the pilot then
/// fails with that reason rather than pretending.
/// </summary>
public sealed class LoopbackPilotBots(IServer server, PilotTraffic traffic) : IPilotBots
{
    public async Task<PilotBotsResult> RunAsync(string slug, IReadOnlyList<string> codes, string policy, int seed, PilotTasks? tasks, CancellationToken cancellationToken)
    {
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = LoopbackAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []),
            StudySlug = slug,
            Participants = codes.Count,
            Concurrency = Math.Min(codes.Count, 4), // two cores: a few at a time keeps the app responsive for people
            InviteCodes = codes,
            Policy = Enum.Parse<BotPolicy>(policy, ignoreCase: true),
            Seed = seed,
            Timeout = TimeSpan.FromMinutes(30),
            Headers = new Dictionary<string, string> { [PilotTraffic.Header] = traffic.Token },
            Tasks = tasks is null ? null : new TaskKnowledge([.. tasks.Marks.Select(m => new KeyValuePair<string, string?>(m.Column, m.Value))], tasks.Remedies),
        }, handler: null, cancellationToken);
        return new PilotBotsResult(report.Completed, report.Errors, report.ErrorDetails.FirstOrDefault()?.Message);
    }

    /// <summary>
    /// A loopback URL for the first http (else https) address the server listens on: a wildcard host (+, *, 0.0.0.0,
    /// [::]) or localhost becomes 127.0.0.1 or [::1]; a specific address is used as it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server listens on no http(s) TCP address.</exception>
    internal static Uri LoopbackAddress(IEnumerable<string> addresses)
    {
        var bound = addresses.Select(BindingAddress.Parse).Where(a => !a.IsUnixPipe).ToList();
        var chosen = bound.FirstOrDefault(a => a.Scheme == "http") ?? bound.FirstOrDefault(a => a.Scheme == "https")
            ?? throw new InvalidOperationException(
                $"The pilot's bots need an http(s) address this server listens on; found {(bound.Count == 0 ? "none (an in-process test host has no socket)" : string.Join(", ", addresses))}. Set ASPNETCORE_URLS or Kestrel endpoints.");
        var host = chosen.Host switch
        {
            "+" or "*" or "0.0.0.0" or "localhost" => "127.0.0.1",
            "::" or "[::]" => "[::1]",
            var h => h,
        };
        return new Uri($"{chosen.Scheme}://{host}:{chosen.Port}/");
    }
}
