using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MisuseLab.Cli.Commands;

namespace MisuseLab.Cli.Tests.Commands;

/// <summary>train --model fasttree and explain --model FILE.zip, against ML.NET's own API.</summary>
public sealed class MlNetCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("misuselab-mlnet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliResult Run(params string[] args) => CliHarness.RunWith([TrainCommand.Create(), ExplainCommand.Create()], args);

    public sealed class Row
    {
        public float Size { get; set; }
        public float Weight { get; set; }
        public string Shape { get; set; } = "";
        public float Noise { get; set; }
        public bool Label { get; set; }
    }

    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        string[] shapes = ["round", "square", "long"];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var size = (float)Math.Round(random.NextDouble() * 10, 1);
            var weight = (float)Math.Round(random.NextDouble() * 5, 2);
            var shape = random.Next(3);
            var noise = (float)Math.Round(random.NextDouble(), 3);
            return new Row { Size = size, Weight = weight, Shape = shapes[shape], Noise = noise, Label = size - 2 * weight + (shape == 1 ? 2 : 0) + random.NextDouble() * 2 > 1 };
        })];
    }

    [Fact]
    public void Fasttree_reaches_the_design_cards_auc_and_its_zip_loads_in_plain_mlnet()
    {
        var root = CliHarness.Json(Run("train", "--model", "fasttree", "--out", _dir, "--json"));

        Assert.Equal("fasttree", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("auc").GetDouble() >= 0.927, $"AUC {root.GetProperty("auc").GetDouble()}");
        Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.87, $"accuracy {root.GetProperty("accuracy").GetDouble()}");
        Assert.InRange(root.GetProperty("log_loss").GetDouble(), 0.2, 0.35);
        Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("model_sha256").GetString());
        Assert.True(File.Exists(Path.Combine(_dir, "model.json")));

        var context = new MLContext();
        var model = context.Model.Load(Path.Combine(_dir, "model.zip"), out var schema);
        Assert.Contains(schema, c => c.Name == "marital-status");
        Assert.Contains(model.GetOutputSchema(schema), c => c.Name == "Score");
    }

    [Fact]
    public void Explain_on_a_zip_saved_by_other_mlnet_code_adds_up_to_its_score_on_1000_rows()
    {
        var context = new MLContext(seed: 3);
        var train = context.Data.LoadFromEnumerable(Rows(3000, 1));
        var model = context.Transforms.Categorical.OneHotEncoding("Shape")
            .Append(context.Transforms.Concatenate("Features", "Size", "Weight", "Shape", "Noise"))
            .Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: 60, numberOfLeaves: 12)).Fit(train);
        var zip = Path.Combine(_dir, "theirs.zip");
        context.Model.Save(model, train.Schema, zip);
        var rows = Rows(1000, 2);
        var csv = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(csv, [
            "Noise,Shape,Size,Weight,Label",
            .. rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Noise},{r.Shape},{r.Size},{r.Weight},{r.Label}"))]);
        var outCsv = Path.Combine(_dir, "shap.csv");

        var json = CliHarness.Json(Run("explain", "--model", zip, "--method", "treeshap", "--rows", csv, "--out", outCsv, "--json"));

        Assert.Equal(1000, json.GetProperty("rows").GetInt32());
        Assert.True(json.GetProperty("additivity_max_abs_error").GetDouble() <= 1e-5);
        Assert.Equal("FastTreeBinaryModelParameters", json.GetProperty("predictor").GetString());
        Assert.Equal("explained", json.GetProperty("cover_source").GetString());
        // Checked here against ML.NET's own scores: each written row plus its bias is the model's Score.
        var scores = model.Transform(context.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray();
        var lines = File.ReadAllLines(outCsv);
        Assert.Equal("Size,Weight,Shape,Noise,bias", lines[0]);
        for (var i = 0; i < 1000; i++)
        {
            var sum = lines[i + 1].Split(',').Sum(v => double.Parse(v, CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(sum - scores[i]) <= 1e-5, $"row {i}: Σφ + bias = {sum:R}, ML.NET score {scores[i]:R}");
        }

        var pfi = CliHarness.Json(Run("explain", "--model", zip, "--method", "pfi", "--rows", csv, "--repeats", "3", "--json"));
        var ranking = pfi.GetProperty("global").EnumerateArray().Select(g => g.GetProperty("feature").GetString()).ToList();
        Assert.Equal("Noise", ranking[^1]);
    }

    [Fact]
    public void A_zip_without_a_tree_ensemble_or_a_csv_without_an_input_column_is_refused_by_name()
    {
        var context = new MLContext(seed: 3);
        var train = context.Data.LoadFromEnumerable(Rows(500, 1));
        var model = context.Transforms.Categorical.OneHotEncoding("Shape")
            .Append(context.Transforms.Concatenate("Features", "Size", "Weight", "Shape", "Noise"))
            .Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: 5, numberOfLeaves: 4)).Fit(train);
        var zip = Path.Combine(_dir, "m.zip");
        context.Model.Save(model, train.Schema, zip);
        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(csv, ["Size,Weight,Noise", "1,2,0.5"]);

        var result = Run("explain", "--model", zip, "--method", "treeshap", "--rows", csv, "--json");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'Shape'", result.Error);
    }
}
