using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Tests.Stimuli;

public sealed class StimulusSerializerTests
{
    private static readonly LocalPayload Payload = new("treeshap", 12, -1.25, 0.5, 0.6224593312018546,
        [new FeatureContribution("age", "38", 1.5), new FeatureContribution("sex", "Male", 0.25)], label: false);

    private static Stimulus Sample(string? instance = "test:12") => new("kaur2020", "1.0.0", "shap-inverted", "local-misclassified", instance, Payload);

    private static readonly TrialPayload Trial = new([new ShownValue("age", "38")], [new ShownValue("age", "52")]);

    [Fact]
    public void Canonical_form_and_hash_are_byte_stable()
    {
        // A trial has no figure, so its whole canonical form can be written out here.
        const string expected = """{"study":"kaur2020","version":"1.0.0","condition":"shap-inverted","page":"trial-1","instance":null,"key":"b","payload":{"kind":"trial","a":[{"name":"age","value":"38"}],"b":[{"name":"age","value":"52"}]},"figures":[]}""";
        var stimulus = new Stimulus("kaur2020", "1.0.0", "shap-inverted", "trial-1", null, Trial, key: "b");
        Assert.Equal(expected, StimulusSerializer.SerializeToString(stimulus));
        // Independent oracle: printf '%s' "$expected" | sha256sum
        Assert.Equal("2fc571535b3200a47be1a56d130c2336cad97e444950c2263ad5abc8cf75e95c", StimulusSerializer.Hash(stimulus));
        Assert.Equal(StimulusSerializer.Serialize(stimulus), StimulusSerializer.Serialize(StimulusSerializer.Deserialize(expected)));
    }

    [Fact]
    public void The_stored_stimulus_holds_its_figures_and_they_are_hashed()
    {
        var stimulus = Sample();
        var json = StimulusSerializer.SerializeToString(stimulus);
        var figure = Assert.Single(stimulus.Figures);
        Assert.Equal("waterfall", figure.Kind);
        Assert.EndsWith($$""","figures":[{"kind":"waterfall","description":{{System.Text.Json.JsonSerializer.Serialize(figure.Description, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}},"plotly":{{figure.PlotlyJson()}}}]}""", json, StringComparison.Ordinal);
        // Read back: the stored figure, byte for byte, not a redrawing.
        var back = StimulusSerializer.Deserialize(json);
        Assert.Equal(figure.PlotlyJson(), Assert.Single(back.Figures).PlotlyJson());
        Assert.Equal(json, StimulusSerializer.SerializeToString(back));
        // A changed figure is a changed stimulus.
        var redrawn = json.Replace("\"Model output\"", "\"Model output!\"", StringComparison.Ordinal);
        Assert.NotEqual(json, redrawn);
        Assert.NotEqual(StimulusSerializer.Hash(stimulus), StimulusSerializer.Hash(StimulusSerializer.Deserialize(redrawn)));
    }

    [Fact]
    public void A_stimulus_stored_before_figures_reads_with_none()
    {
        var old = StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":null,"key":null,"payload":{"kind":"global","explainer":"pfi","measure":{"name":"AUC drop when the feature is shuffled","unit":"AUC"},"features":[{"name":"a","importance":1,"low":1,"high":1}]}}""");
        Assert.Empty(old.Figures);
        Assert.Single(new Stimulus("s", "1", "c", "p", null, old.Payload).Figures);
    }

    [Fact]
    public void Hash_changes_when_any_field_changes()
    {
        var nudged = new LocalPayload("treeshap", 12, -1.25, 0.5, 0.6224593312018546,
            [new FeatureContribution("age", "38", Math.BitIncrement(1.5)), new FeatureContribution("sex", "Male", 0.25)]);
        var variants = new[]
        {
            Sample(),
            new Stimulus("kaur2021", "1.0.0", "shap-inverted", "local-misclassified", "test:12", Payload),
            new Stimulus("kaur2020", "1.0.1", "shap-inverted", "local-misclassified", "test:12", Payload),
            new Stimulus("kaur2020", "1.0.0", "shap-real", "local-misclassified", "test:12", Payload),
            new Stimulus("kaur2020", "1.0.0", "shap-inverted", "local-correct", "test:12", Payload),
            new Stimulus("kaur2020", "1.0.0", "shap-inverted", "local-misclassified", "test:13", Payload),
            Sample(instance: null),
            new Stimulus("kaur2020", "1.0.0", "shap-inverted", "local-misclassified", "test:12", nudged),
            new Stimulus("kaur2020", "1.0.0", "shap-inverted", "local-misclassified", "test:12", Payload, key: "a"),
        };
        var hashes = variants.Select(StimulusSerializer.Hash).ToArray();
        Assert.Equal(hashes.Length, hashes.Distinct().Count());
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    [Fact]
    public void Malformed_stimulus_json_names_the_field()
    {
        Assert.Contains("$.instance", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":3,"key":null,"payload":{"kind":"none"},"figures":[]}""")).Message);
        Assert.Contains("$.key", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":null,"key":1,"payload":{"kind":"none"},"figures":[]}""")).Message);
        Assert.Contains("$.payload.kind", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":null,"key":null,"payload":{"kind":"x"}}""")).Message);
    }
}
