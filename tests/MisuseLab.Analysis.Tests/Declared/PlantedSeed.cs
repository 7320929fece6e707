using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Analysis.Tests.Support;
using MisuseLab.Bots;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// A 2×2 study (demo.json with a second factor, tool = gam | shap, and the analysis crossing both) launched and
/// answered through the repositories by <see cref="BotPolicy.PlantedInteraction"/> participants: both ratings follow
/// <see cref="PlantedInteraction.Rating"/> with the given effect (β of fidelity:tool on the logit scale). Deterministic by
/// seed. With <see cref="Options.Messy"/> some participants are too fast, some never finish, some fail to give a
/// covariate, so exclusions and the adjusted model have work to do.
/// </summary>
internal static class PlantedSeed
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    /// <param name="Average">Also declare the average of both ratings ("ratings-mean") as a secondary outcome.</param>
    public sealed record Options(string Slug, double Effect, int Seed, int PerCell, bool Messy = false, bool Average = false);

    public static string StudyJson(string slug, bool average = false)
    {
        var s = TwoByTwoDemo.Json(slug, toolFirst: false);
        s["analysis"]!["factors"] = new JsonArray("fidelity", "tool");
        s["analysis"]!["secondary"] = new JsonArray("rate-model-reasonable");
        if (average)
        {
            s["analysis"]!["secondary"]!.AsArray().Add("ratings-mean");
            s["analysis"]!["averages"] = JsonNode.Parse("""[ { "id": "ratings-mean", "items": ["rate-explanations-reasonable", "rate-model-reasonable"] } ]""");
        }
        return s.ToJsonString();
    }

    /// <returns>The study definition as validated.</returns>
    public static async Task<StudyDefinition> CreateAsync(IDbConnectionFactory connections, Options o)
    {
        var json = StudyJson(o.Slug, o.Average);
        var definition = StudyValidator.Validate(json, o.Slug).Definition
            ?? throw new InvalidOperationException(string.Join("\n", StudyValidator.Validate(json).Errors));
        var studies = new StudyRepository(connections);
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, StudyHash.Compute(json), json, Start);
        version = (await studies.LaunchAsync(version.Id, Start)).Launched;

        var users = new UserRepository(connections);
        var participants = new ParticipantRepository(connections);
        var responses = new ResponseRepository(connections);
        var factors = definition.Conditions.Factors;
        var ratings = definition.Page("ratings").Questions;
        var ratingsIndex = definition.Pages.ToList().FindIndex(p => p.Id == "ratings");
        for (var k = 0; k < 4 * o.PerCell; k++)
        {
            var random = new Random(o.Seed * 100_003 + k);
            var at = Start.AddMinutes(k);
            var user = await users.AddAsync($"planted-{o.Slug}-{k}@example.org", "hash", Roles.Participant, at);
            var p = (await participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, user.Id, EntryKind.Open, null, 1),
                StudyAssignment.Design(definition), at)).Participant;
            var cell = definition.Cell(p.CellId);
            var background = new Dictionary<string, string>
            {
                ["bg-ml-years"] = DefaultBackground.Questions[1].Options[random.Next(5)],
                ["bg-familiar-shap"] = (1 + random.Next(7)).ToString(CultureInfo.InvariantCulture),
            };
            if (o.Messy && k % 13 == 5) background.Remove("bg-familiar-shap");
            await responses.SaveBackgroundAsync(p.Id, background, at);
            await participants.ActivateAsync(p.Id);
            Check(await participants.AdvanceAsync(p.Id, 1, ratingsIndex));
            var second = factors.Select(f => cell.Levels[f.Name] == f.Levels[1]).ToList();
            var answers = ratings.Select(q => new AnswerInput("ratings", q.Id,
                PlantedInteraction.Rating(second, q.Scale!.Min, q.Scale.Max, o.Effect, random).ToString(CultureInfo.InvariantCulture), null)).ToList();
            var dwell = o.Messy && k % 7 == 3 ? 1200 : 9000 + random.Next(5000);
            Check(await responses.SubmitPageAsync(p.Id, ratingsIndex, "ratings", answers, $"{{\"dwell_ms\":{dwell}}}", at.AddSeconds(30)));
            if (!(o.Messy && k % 11 == 4)) await participants.CompleteAsync(p.Id, "C" + k, at.AddMinutes(2));
        }
        return definition;
    }

    private static void Check(bool stored)
    {
        if (!stored) throw new InvalidOperationException("A planted participant was not on the page it answered; check the page indices against studies/demo.json.");
    }
}
