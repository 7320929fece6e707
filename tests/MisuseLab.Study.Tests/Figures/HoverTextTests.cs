using System.Text.Json;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Figures;
using static MisuseLab.Study.Tests.Figures.FigureJson;

namespace MisuseLab.Study.Tests.Figures;

/// <summary>
/// Every point of every participant chart hovers with its feature, value and unit, as the hand-written figures did
/// before Plotly.NET drew them. The expected texts are written out by hand here from the payloads' numbers.
/// </summary>
public sealed class HoverTextTests
{
    private static string[] Hover(JsonElement trace) => Strings(trace, "hovertext");

    private static JsonElement[] HoverTraces(StimulusFigure figure) => [.. Traces(figure).Where(t => t.TryGetProperty("hovertext", out _))];

    private static void AssertTextOnly(StimulusFigure figure) =>
        Assert.All(HoverTraces(figure), t => Assert.Equal("text", t.GetProperty("hoverinfo").GetString()));

    [Fact]
    public void Importance_bars_hover_with_the_feature_its_importance_in_the_measures_unit_and_the_interval()
    {
        var payload = new GlobalPayload("pfi", Measure.PermutationDrop("AUC"),
            [new FeatureImportance("age", 0.0412, 0.03, 0.05), new FeatureImportance("sex", 0.00125, 0.00125, 0.00125)]);
        var figure = ImportanceFigure.Build(payload);
        // Bars are drawn smallest first (Plotly puts the first bar at the bottom).
        Assert.Equal(["sex: 0.0013 AUC", "age: 0.0412 AUC (interval 0.0300 to 0.0500)"], Hover(Assert.Single(HoverTraces(figure))));
        AssertTextOnly(figure);

        var shap = ImportanceFigure.Build(new GlobalPayload("treeshap", Measure.MeanAbsShap, [new FeatureImportance("age", 0.5, 0.5, 0.5)]));
        Assert.Equal(["age: 0.5000 log-odds"], Hover(Assert.Single(HoverTraces(shap))));
    }

    [Fact]
    public void Waterfall_steps_hover_with_their_label_signed_contribution_and_unit()
    {
        var local = new LocalPayload("treeshap", 12, -1.25, 0.5, 0.6224593312018546,
            [new FeatureContribution("age", "38", 1.5), new FeatureContribution("sex", "Male", 0.25)], label: false);
        var figure = WaterfallFigure.Build(local);
        Assert.Equal(
            ["Base value (average output): -1.2500 log-odds", "age = 38: +1.5000 log-odds", "sex = Male: +0.2500 log-odds", "Model output: 0.5000 log-odds"],
            Hover(Assert.Single(HoverTraces(figure))));
        AssertTextOnly(figure);
    }

    [Fact]
    public void Numeric_effect_points_hover_with_value_unit_and_band_and_the_density_strip_with_its_density()
    {
        var payload = new EffectPayload("terms", "age", Measure.TermScore, EffectAxis.Numeric([17, 30.5]), [-0.5, 0.1], [-0.6, 0.0], [-0.4, 0.2], [100, 0.25]);
        var figure = EffectFigure.Build(payload);
        var traces = HoverTraces(figure);
        Assert.Equal(2, traces.Length); // the band's edges do not hover
        Assert.Equal(["age = 17: -0.5000 log-odds (band -0.6000 to -0.4000)", "age = 30.5: 0.1000 log-odds (band 0.0000 to 0.2000)"], Hover(traces[0]));
        Assert.Equal(["age = 17: density 100", "age = 30.5: density 0.25"], Hover(traces[1]));
        Assert.Equal(2, Traces(figure).Count(t => t.TryGetProperty("hoverinfo", out var h) && h.GetString() == "skip"));
        AssertTextOnly(figure);
    }

    [Fact]
    public void Categorical_effect_bars_hover_with_the_category()
    {
        var payload = new EffectPayload("treeshap", "sex", Measure.ShapValue, EffectAxis.Categorical(["Female", "Male"]), [-0.5, 0.25], [-0.75, 0.2], [-0.25, 0.5], [0.4, 0.6]);
        var traces = HoverTraces(EffectFigure.Build(payload));
        Assert.Equal(["sex = Female: -0.5000 log-odds (band -0.7500 to -0.2500)", "sex = Male: 0.2500 log-odds (band 0.2000 to 0.5000)"], Hover(traces[0]));
        Assert.Equal(["sex = Female: density 0.4", "sex = Male: density 0.6"], Hover(traces[1]));
    }

    [Fact]
    public void Histogram_bins_hover_with_their_edges_and_people()
    {
        var figure = HistogramFigure.Build(new Histogram("age", [17, 37, 57.5, 90], [100, 2000, 3]));
        Assert.Equal(["age 17 to 37: 100 people", "age 37 to 57.5: 2,000 people", "age 57.5 to 90: 3 people"], Hover(Assert.Single(HoverTraces(figure))));
        AssertTextOnly(figure);
    }

    [Fact]
    public void Example_bars_hover_with_probability_and_true_income()
    {
        var payload = new ExamplesPayload(new ExampleRow(1, true, 0.7, []), [new ExampleRow(2, false, 0.404, [])], [], []);
        var figure = ExamplesFigure.Build(payload)!;
        Assert.Equal(["This person: probability 0.70 of income > $50K; truly earns > $50K", "Similar 1: probability 0.40 of income > $50K; truly earns ≤ $50K"],
            Hover(Assert.Single(HoverTraces(figure))));
        AssertTextOnly(figure);
    }
}
