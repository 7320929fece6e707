using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MisuseLab.Cli.Commands;
using MisuseLab.Learning.Serialization;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("misuselab-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliResult Run(params string[] args) => CliHarness.RunWith([TrainCommand.Create(), ExplainCommand.Create(), SanityCommand.Create()], args);

    private static JsonElement Json(CliResult result) => CliHarness.Json(result);

    private string TrainedModel(string kind, int rounds)
    {
        var path = Path.Combine(_dir, $"{kind}.json");
        Json(Run("train", "--model", kind, "--trees", rounds.ToString(CultureInfo.InvariantCulture), "--out", path, "--json"));
        return path;
    }

    private static double[][] ReadCsv(string path) =>
        [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];

    [Fact]
    public void Treeshap_on_adult_test_adds_up_and_writes_one_row_per_person_with_a_bias_column()
    {
        var modelPath = TrainedModel("gbdt", 20);
        var outPath = Path.Combine(_dir, "shap.csv");
        var json = Json(Run("explain", "--model", modelPath, "--method", "treeshap", "--out", outPath, "--json"));

        Assert.Equal("treeshap", json.GetProperty("method").GetString());
        Assert.Equal(16_281, json.GetProperty("rows").GetInt32());
        Assert.True(json.GetProperty("additivity_max_abs_error").GetDouble() <= 1e-9);
        var global = json.GetProperty("global").EnumerateArray().ToList();
        Assert.Equal(14, global.Count);
        Assert.True(global.Zip(global.Skip(1)).All(p => p.First.GetProperty("importance").GetDouble() >= p.Second.GetProperty("importance").GetDouble()));

        Assert.Equal(string.Join(',', AdultSchema.Schema.Select(s => s.Name).Append("bias")), File.ReadLines(outPath).First());
        var rows = ReadCsv(outPath);
        Assert.Equal(16_281, rows.Length);
        // Independent of the explainer: each row's attributions plus bias equal the model's own margin for that person.
        var model = ModelFiles.Load(modelPath);
        var test = AdultLoader.Load(AdultDataLocator.Resolve(null)).Test.Features;
        foreach (var i in new[] { 0, 1, 777, 16_280 })
            Assert.Equal(model.PredictRaw(test.Row(i)), rows[i].Sum(), 9);
    }

    [Fact]
    public void Terms_explain_an_ebm_as_intercept_plus_term_scores()
    {
        var modelPath = TrainedModel("ebm", 60);
        var outPath = Path.Combine(_dir, "terms.csv");
        var json = Json(Run("explain", "--model", modelPath, "--method", "terms", "--out", outPath, "--json"));
        Assert.True(json.GetProperty("additivity_max_abs_error").GetDouble() <= 1e-9);
        var model = (MisuseLab.Learning.Models.EbmModel)ModelFiles.Load(modelPath);
        var rows = ReadCsv(outPath);
        Assert.All(rows, r => Assert.Equal(model.Intercept, r[^1]));
        var person = AdultLoader.Load(AdultDataLocator.Resolve(null)).Test.Features.Row(5);
        for (var f = 0; f < model.Schema.Count; f++) Assert.Equal(model.TermScore(f, person[f]), rows[5][f]);
    }

    [Fact]
    public void An_xgboost_model_is_explained_as_xgboost_itself_does()
    {
        var fixture = Path.Combine(AdultDataLocator.FindRepositoryRoot()!, "tests", "MisuseLab.Learning.Tests", "Fixtures", "xgboost");
        var outPath = Path.Combine(_dir, "xgb.csv");
        Json(Run("explain", "--model", Path.Combine(fixture, "model.json"), "--method", "treeshap", "--rows", Path.Combine(fixture, "rows.csv"), "--out", outPath, "--json"));
        var ours = ReadCsv(outPath);
        var theirs = ReadCsv(Path.Combine(fixture, "contribs.csv"));
        Assert.Equal(theirs.Length, ours.Length);
        var max = ours.Zip(theirs).SelectMany(p => p.First.Zip(p.Second, (a, b) => Math.Abs(a - b))).Max();
        Assert.True(max <= 1e-5, $"max |ours − xgboost pred_contribs| = {max}");
    }

    [Fact]
    public void Rows_are_read_by_feature_name_with_category_names_and_empty_cells_for_missing()
    {
        var modelPath = TrainedModel("gbdt", 10);
        var header = string.Join(',', AdultSchema.Schema.Select(s => s.Name).Reverse()) + ",income";
        var rowsPath = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(rowsPath, [header,
            "United-States,40,0,0,Male,White,Husband,Exec-managerial,Married-civ-spouse,13,Bachelors,77516,Private,39,>50K",
            ",20,0,0,Female,Black,Own-child,,Never-married,9,HS-grad,100000,,22,<=50K"]);
        var json = Json(Run("explain", "--model", modelPath, "--method", "pfi", "--rows", rowsPath, "--repeats", "2", "--json"));
        Assert.Equal(2, json.GetProperty("rows").GetInt32());

        File.AppendAllLines(rowsPath, ["United-States,40,0,0,Male,White,Husband,Exec-managerial,Married-civ-spouse,thirteen,Bachelors,1,Private,39,>50K"]);
        var bad = Run("explain", "--model", modelPath, "--method", "treeshap", "--rows", rowsPath);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("line 4, column 'education-num'", bad.Error);
        Assert.Contains("'thirteen'", bad.Error);
    }

    [Fact]
    public void Method_and_model_must_fit_and_pfi_needs_labels()
    {
        var modelPath = TrainedModel("gbdt", 5);
        var wrong = Run("explain", "--model", modelPath, "--method", "terms");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--method terms explains EBMs", wrong.Error);

        var rowsPath = Path.Combine(_dir, "unlabelled.csv");
        File.WriteAllLines(rowsPath, [string.Join(',', AdultSchema.Schema.Select(s => s.Name)), "39,Private,77516,Bachelors,13,Never-married,Adm-clerical,Not-in-family,White,Male,2174,0,40,United-States"]);
        var noLabels = Run("explain", "--model", modelPath, "--method", "pfi", "--rows", rowsPath);
        Assert.Equal(1, noLabels.ExitCode);
        Assert.Contains("needs labels", noLabels.Error);
    }

    [Fact]
    public void Sanity_reports_every_explainer_of_a_gbdt_and_they_pass_on_a_trained_model()
    {
        var modelPath = TrainedModel("gbdt", 30);
        var json = Json(Run("sanity", "--model", modelPath, "--rows", "300", "--json"));
        var explainers = json.GetProperty("explainers").EnumerateArray().ToDictionary(e => e.GetProperty("explainer").GetString()!);
        Assert.Equal(["pfi", "treeshap"], explainers.Keys.Order());
        foreach (var e in explainers.Values)
        {
            var rho = e.GetProperty("spearman_randomized_model").GetDouble();
            Assert.InRange(rho, -1, 1);
            Assert.InRange(e.GetProperty("spearman_permuted_labels").GetDouble(), -1, 1);
            Assert.InRange(e.GetProperty("kendall_tau_randomized_model").GetDouble(), -1, 1);
            Assert.InRange(e.GetProperty("top5_overlap_randomized_model").GetDouble(), 0, 1);
            // The verdict is the stated criterion, not a constant.
            Assert.Equal(Math.Abs(rho) < 0.5 && Math.Abs(e.GetProperty("spearman_permuted_labels").GetDouble()) < 0.5, e.GetProperty("passed").GetBoolean());
            Assert.True(e.GetProperty("cascade").GetArrayLength() >= 2);
            // A GBDT of 30 trees retrained on permuted labels fits some of them on its own training rows.
            Assert.InRange(e.GetProperty("retrained_training_auc").GetDouble(), 0.5, 1);
        }
    }
}
