using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Tests.Stimuli;

public sealed class StimulusSerializerTests
{
    private static readonly LocalPayload Payload = new("treeshap", 12, -1.25, 0.5, 0.6224593312018546,
        [new FeatureContribution("age", "38", 1.5), new FeatureContribution("sex", "Male", 0.25)], label: false);

    private static Stimulus Sample(string? instance = "test:12") => new("kaur2020", "1.0.0", "shap-inverted", "local-misclassified", instance, Payload);

    [Fact]
    public void Canonical_form_and_hash_are_byte_stable()
    {
        const string expected = """{"study":"kaur2020","version":"1.0.0","condition":"shap-inverted","page":"local-misclassified","instance":"test:12","key":null,"payload":{"kind":"local","explainer":"treeshap","row":12,"base":-1.25,"output":0.5,"probability":0.6224593312018546,"label":false,"contributions":[{"name":"age","value":"38","contribution":1.5},{"name":"sex","value":"Male","contribution":0.25}]}}""";
        Assert.Equal(expected, StimulusSerializer.SerializeToString(Sample()));
        // Independent oracle: python3 -c "import hashlib;print(hashlib.sha256(open('s.json','rb').read()).hexdigest())"
        Assert.Equal("370caadee9d5ec1074c86330ccb19d5adcd100fdddaa56a5f63933301f301a4b", StimulusSerializer.Hash(Sample()));
        Assert.Equal(StimulusSerializer.Serialize(Sample()), StimulusSerializer.Serialize(StimulusSerializer.Deserialize(expected)));
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
        Assert.Contains("$.instance", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":3,"key":null,"payload":{"kind":"none"}}""")).Message);
        Assert.Contains("$.key", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":null,"key":1,"payload":{"kind":"none"}}""")).Message);
        Assert.Contains("$.payload.kind", Assert.Throws<PayloadFormatException>(() => StimulusSerializer.Deserialize("""{"study":"s","version":"1","condition":"c","page":"p","instance":null,"key":null,"payload":{"kind":"x"}}""")).Message);
    }
}
