using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Analysis.Tests.Support;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>
/// A study shaped like Kaur et al.'s (demo.json's data and models, the ids kaur2020.json uses): cells gam-real,
/// gam-inverted, shap-real, shap-inverted (tool × fidelity); four block pages each with a keyed question
/// (<c>{b}-mc</c>), an open question, confidence and two reasonableness ratings (1–7) and optional comments; an end page
/// with <c>end-deploy</c>, the NASA-TLX <c>end-tlx</c> and open answers; averages over the blocks and
/// <c>analysis.replication</c>. Bot participants answer every page through the repositories, deterministic by seed:
/// ratings depend on the cell, so the ANOVA and t-tests have something to find. Some write identical or gibberish open
/// answers, some never finish; open answers of finished participants are coded "suspicious-data" / "suspicious-tool".
/// </summary>
internal static class PaperTableSeed
{
    public static readonly DateTimeOffset Start = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly string[] Blocks = ["global", "age", "correct", "misclassified"];
    public static readonly string[] Cells = ["gam-real", "gam-inverted", "shap-real", "shap-inverted"];

    /// <summary>What one bot wrote and how it was coded, for tests to recompute the table from.</summary>
    public sealed record Bot(long ParticipantId, string Cell, bool Completed, bool Gibberish, bool Identical, bool SuspiciousData, bool SuspiciousTool);

    /// <param name="edit">Changes to the study file before it is validated (e.g. a row left out).</param>
    public static string StudyJson(string slug, Action<JsonObject>? edit = null)
    {
        var s = TwoByTwoDemo.Json(slug, toolFirst: true);
        var demo = s["pages"]!.AsArray();
        var pages = new JsonArray(demo[0]!.DeepClone(), demo[1]!.DeepClone(),
            Block("global", """ "kind": "global" """, """ "kind": "choice", "options": ["age", "sex", "race"], "key": "age" """),
            Block("age", """ "kind": "effect", "feature": "age" """, """ "kind": "yes-no", "key": "yes" """),
            Block("correct", """ "kind": "local", "instance": "correct-positive" """, """ "kind": "yes-no", "key": "yes" """),
            Block("misclassified", """ "kind": "local", "instance": "misclassified" """, """ "kind": "yes-no", "key": "no" """),
            JsonNode.Parse("""
                { "id": "end", "kind": "ratings", "title": "At the end", "questions": [
                  { "id": "end-deploy", "kind": "likert", "prompt": "How ready is the model to deploy?", "scale": { "min": 1, "max": 7, "anchors": { "1": "Not at all", "7": "Extremely" } } },
                  { "id": "end-tlx", "kind": "nasa-tlx", "prompt": "The task", "scale": { "min": 1, "max": 7, "anchors": { "1": "Very low", "7": "Very high" } } },
                  { "id": "end-axes", "kind": "text", "max_length": 2000, "prompt": "Describe each visualization's axes.", "required": false },
                  { "id": "end-deploy-why", "kind": "text", "max_length": 2000, "prompt": "Why?", "required": false } ] }
                """), demo[demo.Count - 1]!.DeepClone());
        s["pages"] = pages;
        s.Remove("power");
        s["analysis"] = JsonNode.Parse("""
            {
              "primary": ["avg-model-reasonable"],
              "factors": ["tool", "fidelity"],
              "averages": [
                { "id": "avg-confidence", "items": ["global-confidence", "age-confidence", "correct-confidence", "misclassified-confidence"] },
                { "id": "avg-explanations-reasonable", "items": ["global-explanations-reasonable", "age-explanations-reasonable", "correct-explanations-reasonable", "misclassified-explanations-reasonable"] },
                { "id": "avg-model-reasonable", "items": ["global-model-reasonable", "age-model-reasonable", "correct-model-reasonable", "misclassified-model-reasonable"] }
              ],
              "replication": {
                "paper": "kaur2020-table2",
                "cells": { "gn": "gam-real", "gm": "gam-inverted", "sn": "shap-real", "sm": "shap-inverted" },
                "rows": {
                  "accuracy": ["global-mc", "age-mc", "correct-mc", "misclassified-mc"],
                  "confidence": "avg-confidence", "explanations_reasonable": "avg-explanations-reasonable", "model_reasonable": "avg-model-reasonable",
                  "cognitive_load": "end-tlx", "deploy": "end-deploy",
                  "suspicious_data_model": "suspicious-data", "suspicious_tool": "suspicious-tool"
                }
              },
              "exclusions": { "incomplete_sessions": true, "identical_or_gibberish_open_answers": true }
            }
            """);
        edit?.Invoke(s);
        return s.ToJsonString();
    }

    private static JsonNode Block(string b, string kind, string mc) => JsonNode.Parse($$"""
        { "id": "block-{{b}}", {{kind}}, "title": "Block {{b}}", "questions": [
          { "id": "{{b}}-mc", {{mc}}, "prompt": "According to the explanation system?" },
          { "id": "{{b}}-understanding", "kind": "text", "max_length": 2000, "prompt": "What do you understand, and is anything suspicious?", "required": false },
          {{Rating(b, "confidence")}}, {{Rating(b, "explanations-reasonable")}}, {{Rating(b, "model-reasonable")}},
          { "id": "{{b}}-comments", "kind": "text", "max_length": 2000, "prompt": "Comments", "required": false } ] }
        """)!;

    private static string Rating(string b, string what) =>
        $$"""{ "id": "{{b}}-{{what}}", "kind": "likert", "prompt": "{{what}}", "scale": { "min": 1, "max": 7, "anchors": { "1": "Not at all", "7": "Extremely" } } }""";

    /// <summary>Launches the study and lets <paramref name="perCell"/> × 4 bots answer it; returns what each bot did.</summary>
    /// <param name="code">Code the finished bots' open answers (false: nothing is coded).</param>
    public static async Task<(StudyDefinition Definition, StudyVersionRecord Version, IReadOnlyList<Bot> Bots)> CreateAsync(IDbConnectionFactory connections, string slug, int seed, int perCell,
        bool code = true, Action<JsonObject>? edit = null)
    {
        var json = StudyJson(slug, edit);
        var validation = StudyValidator.Validate(json, slug);
        var definition = validation.Definition ?? throw new InvalidOperationException(string.Join("\n", validation.Errors));
        var studies = new StudyRepository(connections);
        var version = await studies.ImportAsync(definition.Id, definition.Title, definition.Version, StudyHash.Compute(json), json, Start);
        version = (await studies.LaunchAsync(version.Id, Start)).Launched;
        var users = new UserRepository(connections);
        var participants = new ParticipantRepository(connections);
        var responses = new ResponseRepository(connections);
        var codes = new FreeTextCodeRepository(connections);
        var bots = new List<Bot>();
        for (var k = 0; k < 4 * perCell; k++)
        {
            var random = new Random(seed * 100_003 + k);
            var at = Start.AddMinutes(k);
            var user = await users.AddAsync($"paper-{slug}-{k}@example.org", "hash", Roles.Participant, at);
            var p = (await participants.EnrolAsync(new EnrolmentRequest(version.StudyId, version.Id, user.Id, EntryKind.Open, null, 1),
                StudyAssignment.Design(definition), at)).Participant;
            await responses.SaveBackgroundAsync(p.Id, new Dictionary<string, string> { ["bg-ml-years"] = DefaultBackground.Questions[1].Options[0] }, at);
            await participants.ActivateAsync(p.Id);
            Check(await participants.AdvanceAsync(p.Id, 1, 2));
            var cell = Array.IndexOf(Cells, p.CellId);
            bool gibberish = k % 9 == 4, identical = k % 10 == 7;
            string Open(int i) => gibberish && i == 2 ? "asdfgh jkl" : identical ? "The model looks fine to me." : $"Answer {i} of bot {k}: the age curve spikes near 38.";
            for (var b = 0; b < Blocks.Length; b++)
            {
                var page = definition.Pages[2 + b];
                var correct = random.NextDouble() < 0.8 - 0.15 * (cell / 2) - 0.05 * (cell % 2);
                var mc = page.Questions[0];
                var key = mc.Key!.Literal!;
                var answer = correct ? key : mc.Kind == QuestionKind.Choice ? mc.Options.First(o => o != key) : key == "yes" ? "no" : "yes";
                var answers = new List<AnswerInput> { new(page.Id, mc.Id, answer, null), new(page.Id, $"{Blocks[b]}-understanding", Open(2 * b), null) };
                foreach (var (what, shift) in new[] { ("confidence", cell / 2 * -1.2 + cell % 2 * -0.3), ("explanations-reasonable", -0.2 * cell), ("model-reasonable", cell % 2 * -0.9 + cell / 2 * 0.3) })
                    answers.Add(new(page.Id, $"{Blocks[b]}-{what}", Likert(5 + shift, random), null));
                if (random.Next(3) == 0 || identical) answers.Add(new(page.Id, $"{Blocks[b]}-comments", Open(2 * b + 1), null));
                Check(await responses.SubmitPageAsync(p.Id, 2 + b, page.Id, answers, "{\"dwell_ms\":30000}", at.AddSeconds(30 * (b + 1))));
            }
            var end = new List<AnswerInput> { new("end", "end-deploy", Likert(4.8 + 0.2 * cell, random), null) };
            end.AddRange(NasaTlx.Dimensions.Select(d => new AnswerInput("end", NasaTlx.ItemId("end-tlx", d), Likert(3.8 + 0.4 * cell, random), null)));
            end.Add(new("end", "end-axes", Open(9), null));
            Check(await responses.SubmitPageAsync(p.Id, 6, "end", end, "{\"dwell_ms\":30000}", at.AddSeconds(200)));
            var completed = k % 11 != 6;
            bool data = false, tool = false;
            if (completed) await participants.CompleteAsync(p.Id, "C" + k, at.AddMinutes(5));
            if (completed && code)
            {
                // Every finished bot's open answers are coded; suspicion more often where the explanations were manipulated.
                data = random.NextDouble() < (cell % 2 == 1 ? 0.15 : 0.35);
                tool = random.NextDouble() < 0.15;
                var codeText = string.Join("; ", new[] { data ? "suspicious-data" : null, tool ? "Suspicious-Tool" : null, "other" }.OfType<string>());
                if (!await codes.SetAsync(p.Id, "global-understanding", codeText, at.AddMinutes(10)))
                    throw new InvalidOperationException($"Bot {k}'s open answer was not stored, so it could not be coded.");
            }
            bots.Add(new Bot(p.Id, p.CellId, completed, gibberish, identical, data, tool));
        }
        return (definition, version, bots);
    }

    private static string Likert(double centre, Random random) =>
        Math.Clamp((int)Math.Round(centre + 1.5 * (random.NextDouble() + random.NextDouble() - 1)), 1, 7).ToString(CultureInfo.InvariantCulture);

    private static void Check(bool stored)
    {
        if (!stored) throw new InvalidOperationException("A bot was not on the page it answered; check the page indices against PaperTableSeed.StudyJson.");
    }
}
