using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Analysis.Tests.Export;

/// <summary>
/// A launched demo study written through the repositories (no web app, no training): hand-made global stimuli that
/// differ between the real and the inverted cell, three participants — two complete, one withdraws.
/// </summary>
public sealed record ExportSeed(StudyVersionRecord Version, StudyDefinition Definition, IReadOnlyList<ParticipantRecord> Participants,
    IReadOnlyDictionary<string, StimulusEntry> GlobalByCell, string Emails)
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    public const string Slug = "demo";

    /// <summary>Participant 0 answers the shown top feature (correct), participant 1 another one (wrong); 2 withdraws.</summary>
    public static async Task<ExportSeed> CreateAsync(IDbConnectionFactory connections)
    {
        var path = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json");
        var json = await File.ReadAllTextAsync(path);
        var definition = StudyDefinitionLoader.Load(path);
        var studies = new StudyRepository(connections);
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, StudyHash.Compute(json), json, Start);
        var global = new Dictionary<string, StimulusEntry>
        {
            ["demo-real"] = Entry(definition, "demo-real", "age", "sex"),
            ["demo-inverted"] = Entry(definition, "demo-inverted", "sex", "age"),
        };
        await new StimulusRepository(connections).StoreAsync(version.Id, [.. global.Values]);
        version = (await studies.LaunchAsync(version.Id, Start)).Launched;

        var users = new UserRepository(connections);
        var participants = new ParticipantRepository(connections);
        var responses = new ResponseRepository(connections);
        var people = new List<ParticipantRecord>();
        var emails = new List<string>();
        for (var k = 0; k < 3; k++)
        {
            var email = $"seed{k}@example.org";
            emails.Add(email);
            var user = await users.AddAsync(email, "hash", Roles.Participant, Start);
            var at = Start.AddMinutes(10 * k);
            var p = (await participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, user.Id, EntryKind.Open, null, 1),
                StudyAssignment.Design(definition), at)).Participant;
            await responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-role"] = "Researcher, \"senior\"", ["bg-familiar-shap"] = $"{k + 3}" }, at);
            await participants.ActivateAsync(p.Id);
            var stimulus = global[p.CellId];
            var top = StimulusSerializer.Deserialize(stimulus.CanonicalJson).Payload is GlobalPayload g ? g.Features[0].Name : "";
            await responses.AddEventAsync(p.Id, "global", "page.view", "{}", at.AddSeconds(5));
            // demo.json's pages: consent, overview, global (2), local, ratings (4), debrief; the seed answers pages 2 and 4.
            Seeded(await participants.AdvanceAsync(p.Id, 1, 2));
            Seeded(await responses.SubmitPageAsync(p.Id, 2, "global", [new AnswerInput("global", "top-feature", k == 1 ? "workclass" : top, stimulus.Sha256)],
                "{\"dwell_ms\":15250,\"client_dwell_ms\":15000}", at.AddSeconds(20)));
            Seeded(await participants.AdvanceAsync(p.Id, 3, 4));
            Seeded(await responses.SubmitPageAsync(p.Id, 4, "ratings", [new AnswerInput("ratings", "rate-model-reasonable", $"{k + 2}", null)], "{\"dwell_ms\":7000}", at.AddSeconds(40)));
            if (k < 2) await participants.CompleteAsync(p.Id, "CODE" + k, at.AddMinutes(3));
            else await new ParticipantEraser(connections).EraseAsync(p.Id, onlyInProgress: true, at.AddMinutes(3));
            // A withdrawal erases the row; the seed keeps what it knew, marked withdrawn, for tests to look for it.
            people.Add(await participants.GetAsync(p.Id) ?? p with { Status = ParticipantStatus.Withdrawn });
        }
        return new ExportSeed(version, definition, people, global, string.Join(",", emails));
    }

    private static void Seeded(bool stored)
    {
        if (!stored) throw new InvalidOperationException("The export seed's participant was not on the page it answered; check the page indices against studies/demo.json.");
    }

    private static StimulusEntry Entry(StudyDefinition definition, string cell, string first, string second) =>
        StimulusEntry.From(cell, "global", null, new Stimulus(definition.Id, definition.Version, cell, "global", null,
            new GlobalPayload(ExplainerKinds.TreeShap, Measure.GlobalFor(ExplainerKinds.TreeShap), [new FeatureImportance(first, 0.9, 0.8, 1.0), new FeatureImportance(second, 0.3, 0.2, 0.4)])));
}
