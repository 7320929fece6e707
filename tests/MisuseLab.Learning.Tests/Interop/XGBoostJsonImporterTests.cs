using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Interop;

namespace MisuseLab.Learning.Tests.Interop;

public sealed class XGBoostJsonImporterTests
{
    [Fact]
    public void Imported_model_reproduces_xgboost_margins()
    {
        var model = XGBoostJsonImporter.Load(XGBoostFixture.ModelPath);
        Assert.Equal(["age", "hours", "gain", "score", "noise"], model.Schema.Select(f => f.Name));
        Assert.Equal(10, model.Trees.Length);
        var frame = XGBoostFixture.Rows(model.Schema);
        Assert.Contains(frame.Column(3).ToArray(), double.IsNaN);
        var margins = model.PredictRaw(frame);
        var expected = XGBoostFixture.Read("margins.csv");
        Assert.Equal(expected.Length, margins.Length);
        for (var i = 0; i < margins.Length; i++)
            Assert.True(Math.Abs(expected[i][0] - margins[i]) <= 1e-5, $"row {i}: xgboost {expected[i][0]}, imported {margins[i]}");
    }

    [Fact]
    public void TreeShap_on_the_imported_model_matches_xgboost_pred_contribs_including_the_bias()
    {
        var model = XGBoostJsonImporter.Load(XGBoostFixture.ModelPath);
        var frame = XGBoostFixture.Rows(model.Schema);
        var shap = TreeShap.Explain(model, frame);
        var contribs = XGBoostFixture.Read("contribs.csv");
        Assert.Equal("bias", XGBoostFixture.Header("contribs.csv")[^1]);
        var maxDiff = 0.0;
        for (var i = 0; i < frame.RowCount; i++)
        {
            for (var f = 0; f < model.Schema.Count; f++) maxDiff = Math.Max(maxDiff, Math.Abs(contribs[i][f] - shap[i, f]));
            maxDiff = Math.Max(maxDiff, Math.Abs(contribs[i][^1] - shap.ExpectedValue));
        }
        Assert.True(maxDiff <= 1e-5, $"max |xgboost − ours| = {maxDiff:E3}");
    }

    [Fact]
    public void Equivalent_threshold_reproduces_float_comparison_for_every_nearby_double()
    {
        var random = new Random(17);
        var thresholds = new List<float> { 0f, -0f, 1f, -1f, 0.1f, 1611.5852f, float.Epsilon, -float.Epsilon, 16777216f, 3.4e38f };
        for (var k = 0; k < 2000; k++) thresholds.Add((float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))));
        foreach (var t in thresholds)
        {
            var T = XGBoostJsonImporter.EquivalentThreshold(t);
            double below = MathF.BitDecrement(t);
            var mid = (below + t) / 2;
            foreach (var x in (double[])[t, below, mid, Math.BitIncrement(mid), Math.BitDecrement(mid), Math.BitIncrement((double)t), Math.BitDecrement((double)t), (below + mid) / 2, (mid + t) / 2])
                Assert.True((x < T) == ((float)x < t), $"threshold {t:R}, x {x:R}: float says {(float)x < t}, T = {T:R} says {x < T}");
        }
        // The case that motivates it: a double just below a float threshold that rounds up onto it goes right in XGBoost.
        const float threshold = 0.1f;
        var justBelow = Math.BitDecrement((double)threshold);
        Assert.True(justBelow < threshold);
        Assert.False(justBelow < XGBoostJsonImporter.EquivalentThreshold(threshold));
    }

    [Fact]
    public void Rejects_non_binary_objectives_and_names_the_json_path()
    {
        var json = File.ReadAllText(XGBoostFixture.ModelPath).Replace("\"binary:logistic\"", "\"reg:squarederror\"");
        var e = Assert.Throws<InvalidModelException>(() => XGBoostJsonImporter.Parse(json, source: "m.json"));
        Assert.Contains("m.json: $.learner.objective.name is 'reg:squarederror'", e.Message);

        var missing = Assert.Throws<InvalidModelException>(() => XGBoostJsonImporter.Parse("{\"learner\":{}}", source: "m.json"));
        Assert.Contains("$.learner.learner_model_param", missing.Message);
        Assert.Throws<InvalidModelException>(() => XGBoostJsonImporter.Parse("{not json", source: "m.json"));
    }

    [Fact]
    public void A_given_schema_must_match_the_model_feature_names()
    {
        var wrong = new FeatureSchema(new[] { "age", "hours", "gain", "points", "noise" }.Select(FeatureSpec.Numeric));
        var e = Assert.Throws<DataFormatException>(() => XGBoostJsonImporter.Load(XGBoostFixture.ModelPath, wrong));
        Assert.Contains("feature 3 is 'score' in the model", e.Message);
    }
}
