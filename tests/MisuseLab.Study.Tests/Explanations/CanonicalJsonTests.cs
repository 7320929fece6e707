using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Explanations;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Global_payload_has_fixed_property_order_no_whitespace_and_shortest_doubles()
    {
        var payload = new GlobalPayload("pfi", Measure.GlobalFor("pfi"), [
            new FeatureImportance("sex", 0.1, 0.05, 0.30000000000000004),
            new FeatureImportance("age", 1e-7, -2.5e-8, 1e21),
        ]);

        Assert.Equal(
            """{"kind":"global","explainer":"pfi","measure":{"name":"AUC drop when the feature is shuffled","unit":"AUC"},"features":[{"name":"sex","importance":0.1,"low":0.05,"high":0.30000000000000004},{"name":"age","importance":1E-07,"low":-2.5E-08,"high":1E+21}]}""",
            payload.ToCanonicalJson());
    }

    [Fact]
    public void Local_payload_lists_contributions_by_magnitude_then_sign_then_name()
    {
        var payload = new LocalPayload("treeshap", 7, -1.25, 0.5, 0.6224593312018546, [
            new FeatureContribution("b", "x", -0.75),
            new FeatureContribution("a", "Married-civ-spouse", 0.75),
            new FeatureContribution("c", "<=50K & \"quoted\"", 1.75),
        ]);

        Assert.Equal(
            """{"kind":"local","explainer":"treeshap","row":7,"base":-1.25,"output":0.5,"probability":0.6224593312018546,"label":null,"contributions":[{"name":"c","value":"<=50K & \"quoted\"","contribution":1.75},{"name":"a","value":"Married-civ-spouse","contribution":0.75},{"name":"b","value":"x","contribution":-0.75}]}""",
            payload.ToCanonicalJson());
    }

    [Fact]
    public void Effect_payload_writes_numeric_x_as_numbers_and_categorical_x_as_strings()
    {
        var numeric = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17, 38.5]), [-0.5, 0.25], [-0.6, 0.2], [-0.4, 0.3], [10, 3]);
        var categorical = new EffectPayload("treeshap", "sex", Measure.EffectFor("treeshap"), EffectAxis.Categorical(["Female", "Male"]), [-0.5, 0.25], [-0.5, 0.25], [-0.5, 0.25], [0.4, 0.6]);

        Assert.Equal("""{"kind":"effect","explainer":"terms","feature":"age","measure":{"name":"term score","unit":"log-odds"},"x_kind":"numeric","x":[17,38.5],"y":[-0.5,0.25],"band":{"low":[-0.6,0.2],"high":[-0.4,0.3]},"density":[10,3]}""", numeric.ToCanonicalJson());
        Assert.Equal("""{"kind":"effect","explainer":"treeshap","feature":"sex","measure":{"name":"SHAP value","unit":"log-odds"},"x_kind":"categorical","x":["Female","Male"],"y":[-0.5,0.25],"band":{"low":[-0.5,0.25],"high":[-0.5,0.25]},"density":[0.4,0.6]}""", categorical.ToCanonicalJson());
    }

    [Fact]
    public void Overview_examples_and_none_payloads_have_documented_form()
    {
        var overview = new OverviewPayload(30162, 15060, 0.85, 0.9, [new Histogram("age", [17, 37, 57, 90], [100, 200, 3])]);
        var examples = new ExamplesPayload(null, [new ExampleRow(3, true, 0.75, [new ShownValue("age", "38")])], [], []);

        Assert.Equal("""{"kind":"overview","n_train":30162,"n_test":15060,"accuracy":0.85,"auc":0.9,"histograms":[{"feature":"age","edges":[17,37,57,90],"counts":[100,200,3]}]}""", overview.ToCanonicalJson());
        Assert.Equal("""{"kind":"examples","instance":null,"nearest":[{"row":3,"label":true,"probability":0.75,"values":[{"name":"age","value":"38"}]}],"top":[],"bottom":[]}""", examples.ToCanonicalJson());
        Assert.Equal("""{"kind":"none"}""", NoExplanationPayload.Instance.ToCanonicalJson());
    }

    [Fact]
    public void Input_order_does_not_change_the_bytes()
    {
        var gen = new RandomPayloads(11);
        for (var trial = 0; trial < 100; trial++)
        {
            var global = gen.Global(distinct: trial % 2 == 0);
            var shuffled = new GlobalPayload(global.Explainer, Measure.GlobalFor(global.Explainer), global.Features.OrderBy(_ => gen.Random.Next()));
            Assert.Equal(global.ToCanonicalJsonBytes(), shuffled.ToCanonicalJsonBytes());

            var local = gen.Local();
            var shuffledLocal = new LocalPayload(local.Explainer, local.Row, local.Base, local.Output, local.Probability, local.Contributions.OrderBy(_ => gen.Random.Next()), local.Label);
            Assert.Equal(local.ToCanonicalJsonBytes(), shuffledLocal.ToCanonicalJsonBytes());
            Assert.Equal(BitConverter.DoubleToInt64Bits(local.ContributionSum), BitConverter.DoubleToInt64Bits(shuffledLocal.ContributionSum));
        }
    }

    [Fact]
    public void Every_kind_round_trips_through_parse_to_identical_bytes()
    {
        var gen = new RandomPayloads(12);
        for (var trial = 0; trial < 200; trial++)
        {
            var global = gen.Global();
            ExplanationPayload[] payloads = [global, gen.Local(), gen.Effect(global), gen.Examples(), gen.Overview(), gen.Trial(), NoExplanationPayload.Instance];
            foreach (var p in payloads)
            {
                var json = p.ToCanonicalJson();
                var back = PayloadJson.Parse(json);
                Assert.Equal(p.GetType(), back.GetType());
                Assert.Equal(json, back.ToCanonicalJson());
            }
        }
    }

    [Fact]
    public void Doubles_are_written_in_their_shortest_round_trip_form()
    {
        // Oracle: .NET's "R" format, which the hand-written writer used before System.Text.Json took over; the
        // stored stimuli's hashes depend on the two agreeing.
        var random = new Random(15);
        for (var i = 0; i < 2000; i++)
        {
            var v = i % 2 == 0 ? BitConverter.Int64BitsToDouble(random.NextInt64()) : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            if (!double.IsFinite(v)) continue;
            var json = new LocalPayload("treeshap", 0, 0, 0, 0.5, [new FeatureContribution("a", "1", v)]).ToCanonicalJson();
            Assert.EndsWith($$""","contribution":{{v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}]}""", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Doubles_round_trip_bit_for_bit_including_extremes_and_negative_zero()
    {
        var random = new Random(13);
        var values = new List<double> { -0.0, 0.0, double.Epsilon, double.MaxValue, -double.MaxValue, 0.1, 1.0 / 3, 5e-324 };
        for (var i = 0; i < 2000; i++) values.Add(BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 1.5);
        foreach (var v in values)
        {
            var payload = new LocalPayload("treeshap", 0, 0, 0, 0.5, [new FeatureContribution("a", "1", v)]);
            var back = (LocalPayload)PayloadJson.Parse(payload.ToCanonicalJson());
            Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(back.Contributions[0].Contribution));
        }
    }
}
