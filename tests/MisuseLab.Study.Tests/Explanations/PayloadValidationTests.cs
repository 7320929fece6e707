using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Explanations;

public sealed class PayloadValidationTests
{
    [Fact]
    public void Inconsistent_payloads_are_rejected_naming_the_problem()
    {
        Assert.Contains("low ≤ importance ≤ high", Assert.Throws<ArgumentException>(() => new FeatureImportance("age", 0.5, 0.6, 0.7)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureContribution("age", "38", double.NaN));
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new GlobalPayload("pfi", Measure.GlobalFor("pfi"), [new("a", 1, 1, 1), new("a", 2, 2, 2)])).Message);
        Assert.Contains("explainer", Assert.Throws<ArgumentException>(() => new GlobalPayload("lime", Measure.GlobalFor("lime"), [new("a", 1, 1, 1)])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalPayload("treeshap", 0, 0, 0, 1.5, [new("a", "1", 0)]));
        Assert.Contains("sigmoid(output)", Assert.Throws<ArgumentException>(() => new LocalPayload("treeshap", 0, 0, 2, 0.5, [new("a", "1", 0)])).Message);
        Assert.Contains("strictly increasing", Assert.Throws<ArgumentException>(() => EffectAxis.Numeric([1, 1])).Message);
        Assert.Contains("Expected 2 values", Assert.Throws<ArgumentException>(() => new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([1, 2]), [0], [0], [0], [0])).Message);
        Assert.Contains("band low ≤ y ≤ high", Assert.Throws<ArgumentException>(() => new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([1]), [0], [0.1], [0.2], [0])).Message);
        Assert.Contains("descending", Assert.Throws<ArgumentException>(() => new ExamplesPayload(null, [], [new ExampleRow(1, true, 0.2, []), new ExampleRow(2, true, 0.9, [])], [])).Message);
        Assert.Contains("edges", Assert.Throws<ArgumentException>(() => new Histogram("age", [1, 2], [1, 2])).Message);
    }

    [Fact]
    public void Malformed_payload_json_names_the_path()
    {
        var e = Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"global","explainer":"pfi","measure":{"name":"AUC drop when the feature is shuffled","unit":"AUC"},"features":[{"name":"a","importance":"high","low":0,"high":1}]}"""));
        Assert.Contains("$.features[0].importance", e.Message);
        Assert.Contains("line 1", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("{\"kind\":")).Message);
        Assert.Contains("$.kind", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"lime"}""")).Message);
    }

    [Fact]
    public void Missing_null_and_mistyped_properties_are_rejected_with_their_path()
    {
        Assert.Contains("explainer", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"global","features":[]}""")).Message);
        Assert.Contains("$.features[0].name", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"global","explainer":"pfi","measure":{"name":"AUC drop when the feature is shuffled","unit":"AUC"},"features":[{"name":null,"importance":1,"low":1,"high":1}]}""")).Message);
        Assert.Contains("$.row", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"local","explainer":"pfi","row":1.5,"base":0,"output":0,"probability":0.5,"label":null,"contributions":[]}""")).Message);
        Assert.Contains("$.x", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"effect","explainer":"terms","feature":"age","measure":{"name":"term score","unit":"log-odds"},"x_kind":"numeric","x":[1,"a"],"y":[0,0],"band":{"low":[0,0],"high":[0,0]},"density":[0,0]}""")).Message);
        Assert.Contains("$.histograms[0].counts[0]", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"overview","n_train":1,"n_test":1,"accuracy":0.5,"auc":0.5,"histograms":[{"feature":"age","edges":[0,1],"counts":[1.5]}]}""")).Message);
        Assert.Contains("$.kind", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"explainer":"pfi"}""")).Message);
    }

    [Fact]
    public void Inconsistent_stored_payloads_are_rejected_through_the_checking_constructors()
    {
        Assert.Contains("low ≤ importance ≤ high", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"global","explainer":"pfi","measure":{"name":"AUC drop when the feature is shuffled","unit":"AUC"},"features":[{"name":"a","importance":0.5,"low":0.6,"high":0.7}]}""")).Message);
        Assert.Contains("x_kind", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"effect","explainer":"terms","feature":"age","measure":{"name":"term score","unit":"log-odds"},"x_kind":"categorical","x":[1,2],"y":[0,0],"band":{"low":[0,0],"high":[0,0]},"density":[0,0]}""")).Message);
        Assert.Contains("x_kind", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"effect","explainer":"terms","feature":"age","measure":{"name":"term score","unit":"log-odds"},"x_kind":"ordinal","x":[1,2],"y":[0,0],"band":{"low":[0,0],"high":[0,0]},"density":[0,0]}""")).Message);
        Assert.Contains("sigmoid", Assert.Throws<PayloadFormatException>(() => PayloadJson.Parse("""{"kind":"local","explainer":"pfi","row":1,"base":0,"output":2,"probability":0.5,"label":null,"contributions":[{"name":"a","value":"1","contribution":2}]}""")).Message);
    }

    [Fact]
    public void Kind_is_the_serializers_discriminator_and_is_written_first()
    {
        var gen = new RandomPayloads(14);
        var global = gen.Global();
        ExplanationPayload[] payloads = [global, gen.Local(), gen.Effect(global), gen.Examples(), gen.Overview(), gen.Trial(), NoExplanationPayload.Instance];
        Assert.Equal(payloads.Select(p => p.Kind).Order(StringComparer.Ordinal), PayloadJson.Kinds.Order(StringComparer.Ordinal));
        Assert.All(payloads, p => Assert.StartsWith($$"""{"kind":"{{p.Kind}}""", p.ToCanonicalJson(), StringComparison.Ordinal));
        // A hand-edited file may put "kind" anywhere; the canonical form puts it back in front.
        Assert.Equal("""{"kind":"trial","a":[{"name":"age","value":"1"}],"b":[{"name":"age","value":"2"}]}""",
            PayloadJson.Parse("""{"a":[{"name":"age","value":"1"}],"b":[{"name":"age","value":"2"}],"kind":"trial"}""").ToCanonicalJson());
    }

    [Fact]
    public void Additivity_gap_measures_base_plus_contributions_minus_output()
    {
        var payload = new LocalPayload("treeshap", 0, -1, 0.5, 1 / (1 + Math.Exp(-0.5)), [new("a", "1", 1.0), new("b", "2", 0.25)]);
        Assert.Equal(1.25, payload.ContributionSum);
        Assert.Equal(-0.25, payload.AdditivityGap);
    }
}
