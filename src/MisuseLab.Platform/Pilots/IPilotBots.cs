namespace MisuseLab.Platform.Pilots;

/// <summary>
/// What runs a pilot's simulated participants: <paramref name="codes"/> are the pilot's own invite codes, one per
/// bot. The web host implements it with MisuseLab.Bots over real HTTP against its own loopback address, so a pilot
/// takes the same path a person does (the platform never references the bots: they depend on nothing).
/// </summary>
public interface IPilotBots
{
    Task<PilotBotsResult> RunAsync(string slug, IReadOnlyList<string> codes, string policy, int seed, CancellationToken cancellationToken);
}

/// <summary>How many bots finished the study, how many did not, and the first problem met (null when none).</summary>
public sealed record PilotBotsResult(int Completed, int Errors, string? FirstError);
