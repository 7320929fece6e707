using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Platform.Pilots;

/// <summary>
/// What runs a pilot's simulated participants: <paramref name="codes"/> are the pilot's own invite codes, one per
/// bot. The web host implements it with MisuseLab.Bots over real HTTP against its own loopback address, so a pilot
/// takes the same path a person does (the platform never references the bots: they depend on nothing).
/// </summary>
public interface IPilotBots
{
    /// <param name="tasks">What the oracle policy answers locate and remedy pages with; null for every other policy.</param>
    Task<PilotBotsResult> RunAsync(string slug, IReadOnlyList<string> codes, string policy, int seed, PilotTasks? tasks, CancellationToken cancellationToken);
}

/// <summary>
/// The ground truth an oracle pilot is handed, read from the piloted version's own definition (<see cref="OracleAnswers"/>):
/// one mark per injected defect and every remedy that repairs one.
/// </summary>
public sealed record PilotTasks(IReadOnlyList<LocateMark> Marks, IReadOnlyList<string> Remedies)
{
    public static PilotTasks Of(StudyDefinition definition) => new(OracleAnswers.Marks(definition), OracleAnswers.Remedies(definition));
}

/// <summary>How many bots finished the study, how many did not, and the first problem met (null when none).</summary>
public sealed record PilotBotsResult(int Completed, int Errors, string? FirstError);
