using System.Text;
using System.Text.Json.Nodes;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Boosting;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;
using MisuseLab.Learning.Serialization;
using MisuseLab.Learning.Tests.Boosting;

namespace MisuseLab.Learning.Tests.Serialization;

public class ModelJsonTests
{
    private static TreeEnsembleModel TrainedGbdt()
    {
        var (frame, labels) = SyntheticData.Make(1500, seed: 21);
        return new GbdtTrainer(new GbdtOptions { NumberOfTrees = 12 }).Train(frame, labels);
    }

    private static EbmModel HandMadeEbm()
    {
        var schema = new FeatureSchema([FeatureSpec.Numeric("age"), FeatureSpec.Categorical("sex", ["female", "male"])]);
        var bins = new BinMapper(schema, [new FeatureBins(FeatureKind.Numeric, [18.5, 30.25, 1.0 / 3 + 40], 0), new FeatureBins(FeatureKind.Categorical, [], 2)]);
        // Awkward doubles: non-terminating binary fractions, subnormals, negative zero, extremes.
        double[][] scores = [[0.1, -0.0, 1.0 / 3, 1e-300, -2.5e17], [double.Epsilon, -0.7, 0.30000000000000004]];
        double[][] deviations = [[0, 0.01, 0.02, 1e-5, 3], [0, 0.5, 1.0 / 7]];
        return new EbmModel(bins, scores, deviations, intercept: -1.2345678901234567);
    }

    private static Frame Probes(FeatureSchema schema, int seed)
    {
        var random = new Random(seed);
        var columns = schema.Select(spec => Enumerable.Range(0, 400).Select(_ =>
            random.NextDouble() < 0.1 ? double.NaN
            : spec.IsCategorical ? random.Next(spec.Categories.Length)
            : random.NextDouble() * 80 - 20).ToArray()).ToArray();
        return new Frame(schema, columns);
    }

    private static void AssertBitwiseEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"Row {i}: {expected[i]:R} became {actual[i]:R}.");
    }

    [Fact]
    public void A_gbdt_model_round_trips_with_bitwise_identical_predictions_and_bytes()
    {
        var model = TrainedGbdt();
        var json = ModelJson.Serialize(model);
        var loaded = ModelJson.DeserializeTreeEnsemble(json);

        var probes = Probes(model.Schema, 1);
        AssertBitwiseEqual(model.PredictRaw(probes), loaded.PredictRaw(probes));
        Assert.Equal(json, ModelJson.Serialize(loaded));
        Assert.Equal(model.Trees.Select(t => t.Cover.ToArray()), loaded.Trees.Select(t => t.Cover.ToArray()));
        Assert.Equal(model.Bins!.Features.Select(f => f.Cuts.ToArray()), loaded.Bins!.Features.Select(f => f.Cuts.ToArray()));
    }

    [Fact]
    public void An_ebm_round_trips_with_bitwise_identical_scores_bands_and_predictions()
    {
        var model = HandMadeEbm();
        var json = ModelJson.Serialize(model);
        var loaded = Assert.IsType<EbmModel>(ModelJson.Deserialize(json));

        var probes = Probes(model.Schema, 2);
        AssertBitwiseEqual(model.PredictRaw(probes), loaded.PredictRaw(probes));
        for (var f = 0; f < model.TermScores.Length; f++)
        {
            AssertBitwiseEqual([.. model.TermScores[f]], [.. loaded.TermScores[f]]);
            AssertBitwiseEqual([.. model.TermStandardDeviations[f]], [.. loaded.TermStandardDeviations[f]]);
        }
        Assert.Equal(json, ModelJson.Serialize(loaded));
    }

    [Fact]
    public void The_json_is_canonical_compact_and_starts_with_version_and_kind()
    {
        var text = Encoding.UTF8.GetString(ModelJson.Serialize(HandMadeEbm()));
        Assert.StartsWith("{\"schema_version\":1,\"kind\":\"ebm\",\"features\":[{\"name\":\"age\",\"kind\":\"numeric\"},", text);
        Assert.DoesNotContain(" ", text);
        Assert.DoesNotContain("\n", text);
        Assert.Contains("\"cuts\":[18.5,30.25,40.333333333333336]", text);
        Assert.Equal(ModelJson.Sha256Hex(ModelJson.Serialize(HandMadeEbm())), ModelJson.Sha256Hex(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("threshold", "\"high\"", "finite number")]
    [InlineData("default_left", "1", "true or false")]
    [InlineData("cover", null, "property \"cover\"")]
    [InlineData("left", "0", "after this node")]
    [InlineData("feature", "99", "feature index below 4")]
    [InlineData("colour", "2", "unexpected property")]
    public void Loading_a_bad_node_names_its_path_and_what_was_expected(string property, string? newValue, string expected)
    {
        var root = JsonNode.Parse(ModelJson.Serialize(TrainedGbdt()))!;
        var nodes = root["trees"]![2]!["nodes"]!.AsArray();
        var index = nodes.Select((node, i) => (node, i)).First(x => x.node!["threshold"] is not null).i;
        var node = nodes[index]!.AsObject();
        if (newValue is null) node.Remove(property);
        else node[property] = JsonNode.Parse(newValue);

        var error = Assert.Throws<InvalidModelException>(() => ModelJson.Deserialize(Encoding.UTF8.GetBytes(root.ToJsonString())));
        Assert.StartsWith($"$.trees[2].nodes[{index}].{property}:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("base_score", "null", "finite number")]
    [InlineData("kind", "\"forest\"", "\"gbdt\" or \"ebm\"")]
    [InlineData("schema_version", "7", "schema version 1")]
    [InlineData("trees", "{}", "an array")]
    public void Loading_a_bad_top_level_value_names_its_path(string property, string newValue, string expected)
    {
        var root = JsonNode.Parse(ModelJson.Serialize(TrainedGbdt()))!.AsObject();
        root[property] = JsonNode.Parse(newValue);
        var error = Assert.Throws<InvalidModelException>(() => ModelJson.Deserialize(Encoding.UTF8.GetBytes(root.ToJsonString())));
        Assert.StartsWith($"$.{property}:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Loading_an_ebm_with_the_wrong_number_of_scores_names_the_term()
    {
        var root = JsonNode.Parse(ModelJson.Serialize(HandMadeEbm()))!;
        root["terms"]![1]!["scores"]!.AsArray().RemoveAt(0);
        var error = Assert.Throws<InvalidModelException>(() => ModelJson.Deserialize(Encoding.UTF8.GetBytes(root.ToJsonString())));
        Assert.StartsWith("$.terms[1].scores:", error.Message);
    }

    [Fact]
    public void Malformed_json_reports_line_and_position()
    {
        var error = Assert.Throws<InvalidModelException>(() => ModelJson.Deserialize("{\"schema_version\":1,\n\"kind\":}"u8.ToArray()));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Saving_a_non_finite_value_names_its_path()
    {
        var tree = new RegressionTree([-1], [-1], [-1], [double.NaN], [false], [[]], [double.PositiveInfinity], [1]);
        var model = new TreeEnsembleModel(new FeatureSchema([FeatureSpec.Numeric("x")]), [tree], 0);
        var error = Assert.Throws<InvalidModelException>(() => ModelJson.Serialize(model));
        Assert.StartsWith("$.trees[0].nodes[0].value:", error.Message);
    }
}
