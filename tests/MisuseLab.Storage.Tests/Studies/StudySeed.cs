using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Storage.Tests.Studies;

/// <summary>Rows the participant and response tests build on: a launched study version, accounts, real stimuli.</summary>
internal static class StudySeed
{
    public static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Two cells with weights 1 and 2 (block of 3), so order and weights both matter.</summary>
    public static readonly AssignmentDesign Design = new(["cell-a", "cell-b"], [1, 2], seed: 42);

    public static async Task<StudyVersionRecord> LaunchedVersionAsync(IDbConnectionFactory connections, string slug = "study-one", string hash = "hash-1")
    {
        var studies = new StudyRepository(connections);
        var version = await studies.ImportAsync(slug, "A study", "1.0.0", hash, "{\"id\":\"" + slug + "\"}", Now);
        return (await studies.LaunchAsync(version.Id, Now)).Launched;
    }

    public static async Task<long> UserAsync(IDbConnectionFactory connections, string email) =>
        (await new UserRepository(connections).AddAsync(email, "hash", Roles.Participant, Now)).Id;

    public static async Task<ParticipantRecord> EnrolAsync(IDbConnectionFactory connections, StudyVersionRecord version, string email, EntryKind entry = EntryKind.Open, string? code = null)
    {
        var user = await UserAsync(connections, email);
        var result = await new ParticipantRepository(connections).EnrolAsync(
            new EnrolmentRequest(version.StudyId, version.Id, user, entry, code, FirstPage: 1), Design, Now);
        return result.Participant;
    }

    public static Stimulus GlobalStimulus(string cell, string page, double ageImportance) =>
        new("study-one", "1.0.0", cell, page, null, new GlobalPayload(ExplainerKinds.TreeShap, Measure.MeanAbsShap,
        [
            new FeatureImportance("age", ageImportance, ageImportance - 0.01, ageImportance + 0.01),
            new FeatureImportance("sex", 0.2, 0.1, 0.3),
        ]));

    public static Stimulus LocalStimulus(string cell, string page) =>
        new("study-one", "1.0.0", cell, page, "test:17", new LocalPayload(ExplainerKinds.TreeShap, 17, -1.2, 0.4, 1 / (1 + Math.Exp(-0.4)),
        [
            new FeatureContribution("age", "52", 0.9),
            new FeatureContribution("hours-per-week", "60", 0.7),
        ]));
}
