using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Bots;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Remedies;
using MisuseLab.Web.Studies;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// The locate and remedy pages of kaur2020-utility (issue 17), cut down to its GBDT cells and a three-option menu so
/// launch trains 8 models, not 64: answers are scored against the manifest and the retrained model, stored with the
/// response, and bad answers answer 400 and store nothing.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class TaskPagesTests(StudyAppFixture app)
{
    private const string Slug = "utility-web";
    private static readonly SemaphoreSlim LaunchLock = new(1, 1);
    private static (StudyVersionRecord Version, StudyDefinition Definition)? _launched;

    private async Task<(StudyVersionRecord Version, StudyDefinition Definition)> LaunchAsync()
    {
        await LaunchLock.WaitAsync();
        try
        {
            if (_launched is { } done) return done;
            var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
            var s = JsonNode.Parse(File.ReadAllText(Path.Combine(studies, "kaur2020-utility.json")))!.AsObject();
            s["id"] = Slug;
            s["enrolment"] = JsonNode.Parse("""{"mode": "open"}""");
            s["models"] = new JsonArray([.. s["models"]!.AsArray().Where(m => (string)m!["id"]! == "gbdt").Select(m => m!.DeepClone())]);
            s["explainers"] = new JsonArray([.. s["explainers"]!.AsArray().Where(e => (string)e!["model"]! == "gbdt").Select(e => e!.DeepClone())]);
            s["conditions"]!["factors"] = JsonNode.Parse("""[{"name": "tool", "levels": ["shap"]}, {"name": "fidelity", "levels": ["real", "none"]}]""");
            s["conditions"]!["cells"] = new JsonArray([.. s["conditions"]!["cells"]!.AsArray().Where(c => (string)c!["id"]! is "shap-real" or "shap-none").Select(c => c!.DeepClone())]);
            s["assignment"]!["block_size"] = 2;
            s["debrief"]!["condition_texts"] = JsonNode.Parse("""{"shap-real": "Real SHAP explanations.", "shap-none": "No explanation."}""");
            s["remedies"] = new JsonArray([.. s["remedies"]!.AsArray().Where(r => (string)r!["id"]! is "age-38-missing" or "restore-capital-gain" or "drop-age").Select(r => r!.DeepClone())]);
            var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-utility-").FullName, Slug + ".json");
            await File.WriteAllTextAsync(file, s.ToJsonString());
            var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);
            _launched = (version, app.Services.GetRequiredService<StudyCatalog>().DefinitionOf(version));
            return _launched.Value;
        }
        finally
        {
            LaunchLock.Release();
        }
    }

    /// <summary>A new participant of the cut-down study, on the locate page.</summary>
    private async Task<(ParticipantClient Client, Exchange Page, StudyDefinition Definition, long StudyId)> AtLocateAsync()
    {
        var (version, definition) = await LaunchAsync();
        var client = app.NewClient();
        var consent = await client.RegisterThroughJoinAsync("", Slug);
        var background = await client.FollowAsync(await client.PostFormAsync($"/join/{Slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        var page = await client.FollowAsync(await client.PostFormAsync($"/study/{Slug}/background",
            DefaultBackground.For(definition).SelectMany(q => ParticipantClient.ValidAnswers([q])), ParticipantClient.TokenOf(background)));
        var locate = definition.IndexOf("locate");
        for (var index = 1; index < locate; index++)
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(definition.Pages[index].Questions), Slug);
        Assert.EndsWith($"/page/{locate}", page.Url);
        return (client, page, definition, version.StudyId);
    }

    private async Task<Dictionary<string, string>> AnswersAsync(ParticipantClient client, long studyId) =>
        (await app.Responses.ListAnswersAsync((await client.MeAsync(studyId)).Id)).ToDictionary(a => a.ItemId, a => a.Value);

    [Fact]
    public async Task Locate_naming_age_and_38_detects_mean_imputed_age_and_the_remedy_stores_what_misuselab_remedy_scores()
    {
        var (client, page, definition, studyId) = await AtLocateAsync();
        var locate = definition.IndexOf("locate");
        // The picker is a labelled group per mark, offering every Adult column and the row selectors.
        Assert.Contains("<legend>Problem 1", page.Body);
        Assert.Contains("<label for=\"q-locate-column-1\">", page.Body);
        Assert.Contains($"<option value=\"{LocateMark.Rows}\">", page.Body);

        var unknown = await client.PostFormAsync($"/study/{Slug}/page/{locate}",
            [new("task.locate.column.1", "salary"), new("task.locate.value.1", "38")], ParticipantClient.TokenOf(page));
        Assert.Equal(400, unknown.Status);
        Assert.Contains("Mark 1: expected one of the listed columns", unknown.Body);
        Assert.False((await AnswersAsync(client, studyId)).ContainsKey("locate"));

        var remedyPage = await client.SubmitPageAsync(unknown, locate,
            [new("task.locate.column.1", "age"), new("task.locate.value.1", " 38 "), new("task.locate.text", "Too many 38-year-olds.")], Slug);
        var (answer, score) = LocateAnswerJson.Read((await AnswersAsync(client, studyId))["locate"]);
        Assert.Equal([new LocateMark("age", "38")], answer.Marks);
        Assert.Equal("Too many 38-year-olds.", answer.Text);
        Assert.Equal(["mean-imputed-age"], score.Defects.Where(d => d.Detected).Select(d => d.Defect));
        Assert.Equal((1.0, 1.0 / 3), (score.Precision!.Value, score.Recall)); // one mark, right; one of three defects

        var remedy = definition.IndexOf("remedy");
        Assert.EndsWith($"/page/{remedy}", remedyPage.Url);
        Assert.Contains("name=\"task.remedy.choice\" value=\"drop-age\"", remedyPage.Body);
        var bad = await client.PostFormAsync($"/study/{Slug}/page/{remedy}", [new("task.remedy.choice", "restore-capital-gain"), new("task.remedy.choice", "reweight")], ParticipantClient.TokenOf(remedyPage));
        Assert.Equal(400, bad.Status);
        Assert.False((await AnswersAsync(client, studyId)).ContainsKey("remedy"));

        var next = await client.SubmitPageAsync(bad, remedy, [new("task.remedy.choice", "restore-capital-gain"), new("task.remedy.choice", "age-38-missing")], Slug);
        var stored = (await AnswersAsync(client, studyId))["remedy"];
        // What `misuselab remedy --choose` computes: the study's data, the cell's model, the same choice, scored afresh.
        var me = await client.MeAsync(studyId);
        var data = StudyData.Prepare(definition.Data, AdultDataLocator.Resolve(null));
        var expected = new RemedyScorer(data, definition.Model(definition.Cell(me.CellId).Model), definition.RemedyMenu()).Score(["age-38-missing", "restore-capital-gain"]);
        Assert.Equal(expected.ToJson(), stored);
        Assert.True(expected.AucGain > 0);
        // "show_score": true — the next page tells the participant.
        Assert.Contains("id=\"remedy-score\"", next.Body);
        Assert.Contains(expected.Auc.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), next.Body);
    }

    [Fact]
    public async Task Locate_naming_only_race_detects_nothing_and_no_fix_scores_the_unfixed_model()
    {
        var (client, page, definition, studyId) = await AtLocateAsync();
        var remedyPage = await client.SubmitPageAsync(page, definition.IndexOf("locate"), [new("task.locate.column.1", "race")], Slug);
        var (_, score) = LocateAnswerJson.Read((await AnswersAsync(client, studyId))["locate"]);
        Assert.All(score.Defects, d => Assert.False(d.Detected));
        Assert.Equal((0.0, 0.0), (score.Precision!.Value, score.Recall));

        await client.SubmitPageAsync(remedyPage, definition.IndexOf("remedy"), [], Slug);
        using var none = JsonDocument.Parse((await AnswersAsync(client, studyId))["remedy"]);
        Assert.Equal(0, none.RootElement.GetProperty("choices").GetArrayLength());
        Assert.Equal(0.0, none.RootElement.GetProperty("auc_gain").GetDouble());
    }

    [Fact]
    public async Task A_value_without_a_column_answers_400_and_stores_nothing()
    {
        var (client, page, definition, studyId) = await AtLocateAsync();
        var response = await client.PostFormAsync($"/study/{Slug}/page/{definition.IndexOf("locate")}", [new("task.locate.value.2", "38")], ParticipantClient.TokenOf(page));
        Assert.Equal(400, response.Status);
        Assert.Contains("Mark 2: choose a column", response.Body);
        Assert.False((await AnswersAsync(client, studyId)).ContainsKey("locate"));
    }

    [Fact]
    public async Task An_oracle_bot_gets_the_largest_gain_on_the_menu_and_random_bots_less_on_average()
    {
        var (version, definition) = await LaunchAsync();
        var knowledge = new TaskKnowledge([.. OracleAnswers.Marks(definition).Select(m => new KeyValuePair<string, string?>(m.Column, m.Value))], OracleAnswers.Remedies(definition));
        var oracle = await RunBotsAsync(BotPolicy.Oracle, 1, 3, knowledge);
        var random = await RunBotsAsync(BotPolicy.Random, 6, 5, null);

        // Every combination of the menu was scored at launch; the oracle's is the best of them, and it helps.
        var all = (await app.Services.GetRequiredService<RemedyScoreRepository>().ListByVersionAsync(version.Id)).Select(e => RemedyScore.FromJson(e.ScoreJson)).ToList();
        Assert.Equal(8, all.Count);
        var (oracleLocate, oracleGain) = Assert.Single(oracle);
        Assert.Equal(all.Max(s => s.AucGain), oracleGain);
        Assert.True(oracleGain > 0);
        Assert.Equal(1.0, oracleLocate.Recall);
        Assert.Equal(1.0, oracleLocate.Precision);
        Assert.True(random.Average(r => r.Gain) < oracleGain, $"random mean {random.Average(r => r.Gain)} vs oracle {oracleGain}");
    }

    /// <summary>Runs <paramref name="count"/> bots of one policy to the end; each one's locate score and remedy gain as stored.</summary>
    private async Task<List<(LocateScore Locate, double Gain)>> RunBotsAsync(BotPolicy policy, int count, int seed, TaskKnowledge? knowledge)
    {
        var (version, _) = await LaunchAsync();
        var runId = $"{policy}{seed}".ToLowerInvariant();
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = Slug,
            Participants = count,
            Concurrency = 2,
            Policy = policy,
            Seed = seed,
            Tasks = knowledge,
            RunId = runId,
        }, app.Server.CreateHandler());
        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal(count, report.Completed);
        var results = new List<(LocateScore, double)>();
        for (var i = 0; i < count; i++)
        {
            var user = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync($"bot-{runId}-{i}@bots.misuselab.example");
            var me = await app.Participants.FindByUserAsync(version.StudyId, user!.Id);
            var answers = (await app.Responses.ListAnswersAsync(me!.Id)).ToDictionary(a => a.ItemId, a => a.Value);
            results.Add((LocateAnswerJson.Read(answers["locate"]).Score, RemedyScore.FromJson(answers["remedy"]).AucGain));
        }
        return results;
    }
}
