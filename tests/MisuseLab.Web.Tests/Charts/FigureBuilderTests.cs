using System.Text.Json;
using MisuseLab.Study.Explanations;
using MisuseLab.Web.Charts;

namespace MisuseLab.Web.Tests.Charts;

public sealed class FigureBuilderTests
{
    private static JsonElement Trace(ChartFigure figure, int index)
    {
        using var doc = JsonDocument.Parse(figure.Json);
        return doc.RootElement.GetProperty("data")[index].Clone();
    }

    private static double[] Numbers(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();
    private static string[] Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();

    [Fact]
    public void Importance_shows_the_top_15_as_sorted_horizontal_bars_with_their_intervals()
    {
        var features = Enumerable.Range(1, 20).Select(i => new FeatureImportance($"f{i:D2}", i / 100.0, i / 100.0 - 0.001, i / 100.0 + 0.002)).ToArray();
        var payload = new GlobalPayload(ExplainerKinds.TreeShap, Measure.GlobalFor(ExplainerKinds.TreeShap), features.Reverse());

        var bars = Trace(FigureBuilder.Importance(payload), 0);

        Assert.Equal("h", bars.GetProperty("orientation").GetString());
        // Plotly draws the first category at the bottom, so the most important feature comes last.
        Assert.Equal(Enumerable.Range(6, 15).Select(i => $"f{i:D2}"), Strings(bars, "y"));
        Assert.Equal(Enumerable.Range(6, 15).Select(i => i / 100.0), Numbers(bars, "x"), new RoundedComparer());
        Assert.All(Numbers(bars.GetProperty("error_x"), "array"), v => Assert.Equal(0.002, v, 9));
        Assert.All(Numbers(bars.GetProperty("error_x"), "arrayminus"), v => Assert.Equal(0.001, v, 9));
    }

    [Fact]
    public void Waterfall_walks_from_the_base_value_through_each_contribution_to_the_output()
    {
        var contributions = Enumerable.Range(1, 14).Select(i => new FeatureContribution($"f{i}", $"v{i}", (i % 2 == 0 ? 1 : -1) * i / 10.0)).ToArray();
        var sum = contributions.Sum(c => c.Contribution);
        var payload = new LocalPayload(ExplainerKinds.TreeShap, 3, -1.25, -1.25 + sum, 1 / (1 + Math.Exp(1.25 - sum)), contributions);

        var figure = FigureBuilder.Waterfall(payload);
        var trace = Trace(figure, 0);
        var measures = Strings(trace, "measure");
        var x = Numbers(trace, "x");
        var labels = Strings(trace, "y");

        Assert.Equal("waterfall", trace.GetProperty("type").GetString());
        Assert.Equal(["absolute", .. Enumerable.Repeat("relative", FigureBuilder.MaxWaterfallSteps + 1), "absolute"], measures);
        Assert.Equal(-1.25, x[0]);
        Assert.Equal(payload.Output, x[^1], 5);
        Assert.Equal(payload.Output, x[0] + x[1..^1].Sum(), 5); // base + steps reaches the output: nothing dropped
        Assert.Equal("f14 = v14", labels[1]); // largest |contribution| first, with the person's value
        Assert.Equal("2 other features", labels[^2]);
        Assert.Equal(0.1 * -1 + 0.2, x[^2], 9); // f1 and f2, the two smallest, summed
        Assert.Contains("\"increasing\":{\"marker\":{\"color\":\"#ff0051\"}}", figure.Json);
        Assert.Contains("\"decreasing\":{\"marker\":{\"color\":\"#008bfb\"}}", figure.Json);
    }

    [Fact]
    public void A_shape_function_is_a_step_line_with_its_band_and_density_beneath()
    {
        var payload = new EffectPayload(ExplainerKinds.Terms, "age", Measure.EffectFor(ExplainerKinds.Terms), EffectAxis.Numeric([17, 30, 45]), [-1, 0.5, 0.2], [-1.2, 0.3, 0.1], [-0.8, 0.7, 0.3], [10, 20, 5]);

        var figure = FigureBuilder.Effect(payload);

        var low = Trace(figure, 0);
        var high = Trace(figure, 1);
        var line = Trace(figure, 2);
        var density = Trace(figure, 3);
        Assert.Equal([-1.2, 0.3, 0.1], Numbers(low, "y"));
        Assert.Equal([-0.8, 0.7, 0.3], Numbers(high, "y"));
        Assert.Equal("tonexty", high.GetProperty("fill").GetString());
        Assert.Equal("hv", line.GetProperty("line").GetProperty("shape").GetString());
        Assert.Equal([-1, 0.5, 0.2], Numbers(line, "y"));
        Assert.Equal("y2", density.GetProperty("yaxis").GetString());
        Assert.Equal([10, 20, 5], Numbers(density, "y"));
    }

    [Fact]
    public void A_shap_dependence_plot_is_a_scatter_and_a_categorical_effect_is_bars_with_whiskers()
    {
        var dependence = new EffectPayload(ExplainerKinds.TreeShap, "age", Measure.EffectFor(ExplainerKinds.TreeShap), EffectAxis.Numeric([20, 40]), [-0.5, 0.4], [-0.6, 0.3], [-0.4, 0.5], [1, 1]);
        var categorical = new EffectPayload(ExplainerKinds.Terms, "sex", Measure.EffectFor(ExplainerKinds.Terms), EffectAxis.Categorical(["Female", "Male"]), [-0.3, 0.2], [-0.4, 0.15], [-0.1, 0.3], [0.3, 0.7]);

        Assert.Equal("markers", Trace(FigureBuilder.Effect(dependence), 2).GetProperty("mode").GetString());
        var bars = Trace(FigureBuilder.Effect(categorical), 0);
        Assert.Equal(["Female", "Male"], Strings(bars, "x"));
        Assert.Equal([0.2, 0.1], Numbers(bars.GetProperty("error_y"), "array"), new RoundedComparer());
        Assert.Equal([0.1, 0.05], Numbers(bars.GetProperty("error_y"), "arrayminus"), new RoundedComparer());
    }

    [Fact]
    public void A_histogram_puts_each_count_at_its_bin_centre_with_the_bin_width()
    {
        var bars = Trace(FigureBuilder.Histogram(new Histogram("age", [17, 27, 40, 90], [5, 7, 2])), 0);

        Assert.Equal([22, 33.5, 65], Numbers(bars, "x"));
        Assert.Equal([10, 13, 50], Numbers(bars, "width"));
        Assert.Equal([5, 7, 2], Numbers(bars, "y"));
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-9;
        public int GetHashCode(double v) => 0;
    }
}
