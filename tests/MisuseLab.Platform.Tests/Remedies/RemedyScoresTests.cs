using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MisuseLab.Platform.Remedies;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;

namespace MisuseLab.Platform.Tests.Remedies;

/// <summary>
/// Remedy scores at launch and on demand, on studies/kaur2020-utility.json cut down to its GBDT cells (so a test
/// trains a handful of models, not hundreds). Real models are trained on Adult.
/// </summary>
public abstract class RemedyScoresTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    private RemedyScores NewService() => new(new RemedyScoreRepository(Connections), Options.Create(new MisuseLabOptions()));

    [Fact]
    public async Task Two_launches_store_byte_identical_scores_for_every_combination()
    {
        var first = await ImportAsync(Study(options: 2, version: "1.0.0"));
        var second = await ImportAsync(Study(options: 2, version: "1.0.1"));

        Assert.Equal(4, await NewService().EnsurePrecomputedAsync(first.Version, first.Definition, null, CancellationToken.None));
        Assert.Equal(4, await NewService().EnsurePrecomputedAsync(second.Version, second.Definition, null, CancellationToken.None));

        var repository = new RemedyScoreRepository(Connections);
        var a = await repository.ListByVersionAsync(first.Version.Id);
        var b = await repository.ListByVersionAsync(second.Version.Id);
        Assert.Equal(4, a.Count);
        Assert.Equal(a, b);
        Assert.Equal(["", "age-38-missing", "restore-capital-gain", "age-38-missing,restore-capital-gain"], a.Select(e => e.Choices));
        // A submission is a lookup of what launch stored.
        var score = await NewService().ScoreAsync(first.Version, first.Definition, "shap-real", ["restore-capital-gain"], CancellationToken.None);
        Assert.Equal(a[2].ScoreJson, score.ToJson());
        Assert.True(score.AucGain > 0);
    }

    [Fact]
    public async Task A_menu_too_large_to_precompute_is_scored_on_demand_and_stored_for_the_next_participant()
    {
        var study = await ImportAsync(Study(options: 9, version: "2.0.0"));
        var service = NewService();
        Assert.Equal(0, await service.EnsurePrecomputedAsync(study.Version, study.Definition, null, CancellationToken.None));

        var repository = new RemedyScoreRepository(Connections);
        Assert.Equal(0, await repository.CountAsync(study.Version.Id));
        var first = await service.ScoreAsync(study.Version, study.Definition, "shap-none", ["drop-race", "age-38-missing"], CancellationToken.None);
        Assert.Equal(["age-38-missing", "drop-race"], first.Choices);
        Assert.Equal(1, await repository.CountAsync(study.Version.Id));

        var again = await NewService().ScoreAsync(study.Version, study.Definition, "shap-real", ["age-38-missing", "drop-race"], CancellationToken.None);
        Assert.Equal(first.ToJson(), again.ToJson());
        Assert.Equal(1, await repository.CountAsync(study.Version.Id));
        await Assert.ThrowsAsync<MisuseLab.Study.Defects.DefectSpecException>(() => service.ScoreAsync(study.Version, study.Definition, "shap-real", ["reweight"], CancellationToken.None));
    }

    /// <summary>kaur2020-utility with only its GBDT cells and the first <paramref name="options"/> menu entries (padded with column-dropping decoys).</summary>
    private static string Study(int options, string version)
    {
        var file = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020-utility.json");
        var s = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        s["version"] = version;
        s["models"] = new JsonArray(s["models"]!.AsArray().Where(m => (string)m!["id"]! == "gbdt").Select(m => m!.DeepClone()).ToArray());
        s["explainers"] = new JsonArray(s["explainers"]!.AsArray().Where(e => (string)e!["model"]! == "gbdt").Select(e => e!.DeepClone()).ToArray());
        s["conditions"]!["factors"] = JsonNode.Parse("""[{"name": "tool", "levels": ["shap"]}, {"name": "fidelity", "levels": ["real", "none"]}]""");
        s["conditions"]!["cells"] = new JsonArray(s["conditions"]!["cells"]!.AsArray().Where(c => (string)c!["id"]! is "shap-real" or "shap-none").Select(c => c!.DeepClone()).ToArray());
        s["assignment"]!["block_size"] = 2;
        s["debrief"]!["condition_texts"] = JsonNode.Parse("""{"shap-real": "Real SHAP explanations.", "shap-none": "No explanation."}""");
        var menu = s["remedies"]!.AsArray().Take(2).Select(r => r!.DeepClone()).ToList();
        foreach (var column in new[] { "race", "sex", "workclass", "fnlwgt", "education", "native-country", "relationship" }.Take(options - 2))
            menu.Add(JsonNode.Parse($$$"""{"id": "drop-{{{column}}}", "label": "Drop {{{column}}}", "defect": null, "fix": {"op": "drop-column", "column": "{{{column}}}"}}""")!);
        s["remedies"] = new JsonArray([.. menu]);
        return s.ToJsonString();
    }

    private async Task<(StudyVersionRecord Version, StudyDefinition Definition)> ImportAsync(string json)
    {
        var result = StudyValidator.Validate(json, "remedy test");
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var definition = result.Definition!;
        var version = await new StudyRepository(Connections).ImportAsync(definition.Id, definition.Title, definition.Version, result.Hash!, json, DateTimeOffset.UtcNow);
        return (version, definition);
    }
}

public sealed class RemedyScoresSqliteTests(SqliteEngine e) : RemedyScoresTests<SqliteEngine>(e);
