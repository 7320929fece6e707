using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Explanations;

public sealed class PayloadValidationTests
{
    [Fact]
    public void Inconsistent_payloads_are_rejected_naming_the_problem()
    {
        Assert.Contains("low ≤ importance ≤ high", Assert.Throws<ArgumentException>(() => new FeatureImportance("age", 0.5, 0.6, 0.7)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureContribution("age", "38", double.NaN));
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new GlobalPayload("pfi", [new("a", 1, 1, 1), new("a", 2, 2, 2)])).Message);
        Assert.Contains("explainer", Assert.Throws<ArgumentException>(() => new GlobalPayload("lime", [new("a", 1, 1, 1)])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalPayload("treeshap", 0, 0, 0, 1.5, [new("a", "1", 0)]));
        Assert.Contains("sigmoid(output)", Assert.Throws<ArgumentException>(() => new LocalPayload("treeshap", 0, 0, 2, 0.5, [new("a", "1", 0)])).Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => EffectAxis.Numeric([1, 1])).Message);
        Assert.Contains("Expected 2 values", Assert.Throws<ArgumentException>(() => new EffectPayload("terms", "age", EffectAxis.Numeric([1, 2]), [0], [0], [0], [0])).Message);
        Assert.Contains("band low ≤ y ≤ high", Assert.Throws<ArgumentException>(() => new EffectPayload("terms", "age", EffectAxis.Numeric([1]), [0], [0.1], [0.2], [0])).Message);
        Assert.Contains("descending", Assert.Throws<ArgumentException>(() => new ExamplesPayload(null, [], [new ExampleRow(1, true, 0.2, []), new ExampleRow(2, true, 0.9, [])], [])).Message);
        Assert.Contains("edges", Assert.Throws<ArgumentException>(() => new Histogram("age", [1, 2], [1, 2])).Message);
    }

    [Fact]
    public void Malformed_payload_json_names_the_path()
    {
        var e = Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"global","explainer":"pfi","features":[{"name":"a","importance":"high","low":0,"high":1}]}"""));
        Assert.Contains("$.features[0].importance", e.Message);
        Assert.Contains("line 1", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("{\"kind\":")).Message);
        Assert.Contains("$.kind", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"lime"}""")).Message);
    }

    [Fact]
    public void Additivity_gap_measures_base_plus_contributions_minus_output()
    {
        var payload = new LocalPayload("treeshap", 0, -1, 0.5, 1 / (1 + Math.Exp(-0.5)), [new("a", "1", 1.0), new("b", "2", 0.25)]);
        Assert.Equal(1.25, payload.ContributionSum);
        Assert.Equal(-0.25, payload.AdditivityGap);
    }
}
