using System.Globalization;
using System.Text;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Figures;
using MisuseLab.Study.Tests.Explanations;
using static MisuseLab.Study.Tests.Figures.FigureJson;

namespace MisuseLab.Study.Tests.Figures;

public sealed class PayloadFigureTests
{
    private static readonly GlobalPayload Pfi = new("pfi", Measure.PermutationDrop("AUC"), Enumerable.Range(0, 20)
        .Select(i => new FeatureImportance($"f{i:00}", 0.01 * (20 - i), 0.01 * (20 - i) - 0.002, 0.01 * (20 - i) + 0.003)));

    [Fact]
    public void Importance_plots_the_top_features_with_their_intervals_and_names_the_measure()
    {
        var figure = ImportanceFigure.Build(Pfi);
        var bar = Assert.Single(Traces(figure));
        Assert.Equal("bar", Type(bar));
        Assert.Equal("h", bar.GetProperty("orientation").GetString());
        // Expected independently: the 15 largest importances, smallest first (Plotly draws the first bar at the bottom).
        var expected = Enumerable.Range(0, 15).Select(i => 0.01 * (20 - i)).Reverse().ToArray();
        Assert.Equal(expected, Numbers(bar, "x"));
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"f{i:00}").Reverse(), Strings(bar, "y"));
        var errors = bar.GetProperty("error_x");
        Assert.Equal(expected.Select(_ => 0.003), Numbers(errors, "array"), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(expected.Select(_ => 0.002), Numbers(errors, "arrayminus"), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal("AUC drop when the feature is shuffled (AUC)", AxisTitle(figure, "xaxis"));
        Assert.DoesNotContain("accuracy", figure.PlotlyJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Importance_without_intervals_draws_no_whiskers()
    {
        var figure = ImportanceFigure.Build(new GlobalPayload("treeshap", Measure.MeanAbsShap, [new FeatureImportance("age", 0.5, 0.5, 0.5)]));
        Assert.False(Assert.Single(Traces(figure)).TryGetProperty("error_x", out _));
        Assert.Equal("mean |SHAP value| (log-odds)", AxisTitle(figure, "xaxis"));
    }

    [Fact]
    public void Waterfall_walks_from_base_to_output_and_its_steps_add_up()
    {
        var gen = new RandomPayloads(21);
        for (var trial = 0; trial < 20; trial++)
        {
            var local = gen.Local(count: 3 + trial);
            var trace = Assert.Single(Traces(WaterfallFigure.Build(local)));
            Assert.Equal("waterfall", Type(trace));
            var x = Numbers(trace, "x");
            var measure = Strings(trace, "measure");
            Assert.Equal(local.Base, x[0]);
            Assert.Equal(local.Output, x[^1]);
            Assert.Equal(["absolute", .. Enumerable.Repeat("relative", x.Length - 2), "absolute"], measure);
            // The relative steps are the contributions in canonical order, the tail summed (computed here by hand).
            var shown = Math.Min(12, local.Contributions.Length);
            Assert.Equal(local.Contributions.Take(shown).Select(c => c.Contribution), x.Skip(1).Take(shown));
            if (local.Contributions.Length > 12)
                Assert.Equal(local.Contributions.Skip(12).Sum(c => c.Contribution), x[^2], 12);
            Assert.Equal(local.Base + local.ContributionSum, x[..^1].Sum(), 9);
            Assert.Equal($"{local.Contributions[0].Name} = {local.Contributions[0].Value}", Strings(trace, "y")[1]);
        }
    }

    [Fact]
    public void Numeric_effect_draws_band_values_and_density_on_a_second_axis()
    {
        var payload = new EffectPayload("terms", "age", Measure.TermScore, EffectAxis.Numeric([17, 30, 45]), [-0.5, 0.1, 0.4], [-0.6, 0.0, 0.3], [-0.4, 0.2, 0.5], [100, 50, 7]);
        var figure = EffectFigure.Build(payload);
        var traces = Traces(figure);
        var ys = traces.Select(t => Numbers(t, "y")).ToArray();
        Assert.Contains(ys, y => y.SequenceEqual([-0.5, 0.1, 0.4]));
        Assert.Contains(ys, y => y.SequenceEqual([-0.6, 0.0, 0.3]));
        Assert.Contains(ys, y => y.SequenceEqual([-0.4, 0.2, 0.5]));
        Assert.All(traces, t => Assert.Equal([17.0, 30, 45], Numbers(t, "x")));
        var density = Assert.Single(traces, t => Type(t) == "bar");
        Assert.Equal([100.0, 50, 7], Numbers(density, "y"));
        Assert.Equal("y2", density.GetProperty("yaxis").GetString());
        Assert.Contains(traces, t => t.TryGetProperty("fill", out var f) && f.GetString() == "tonexty");
        Assert.Equal("term score (log-odds)", AxisTitle(figure, "yaxis"));
        Assert.Equal("age", AxisTitle(figure, "xaxis"));
        Assert.Equal("Density", AxisTitle(figure, "yaxis2"));
    }

    [Fact]
    public void Dependence_effect_draws_its_values_as_markers_inside_a_line_band()
    {
        var payload = new EffectPayload("treeshap", "age", Measure.ShapValue, EffectAxis.Numeric([17, 30]), [-0.5, 0.1], [-0.6, 0.0], [-0.4, 0.2], [10, 5]);
        var traces = Traces(EffectFigure.Build(payload));
        var values = Assert.Single(traces, t => Numbers(t, "y").SequenceEqual([-0.5, 0.1]));
        Assert.Equal("markers", values.GetProperty("mode").GetString());
        var edges = traces.Where(t => Type(t) == "scatter" && !Numbers(t, "y").SequenceEqual([-0.5, 0.1])).ToArray();
        Assert.Equal(2, edges.Length);
        Assert.All(edges, e => Assert.Equal("lines", e.GetProperty("mode").GetString()));
    }

    [Fact]
    public void Categorical_effect_draws_bars_with_whiskers()
    {
        var payload = new EffectPayload("treeshap", "sex", Measure.ShapValue, EffectAxis.Categorical(["Female", "Male"]), [-0.5, 0.25], [-0.75, 0.2], [-0.25, 0.5], [0.4, 0.6]);
        var figure = EffectFigure.Build(payload);
        var traces = Traces(figure);
        Assert.Equal(["bar", "bar"], traces.Select(Type));
        Assert.Equal(["Female", "Male"], Strings(traces[0], "x"));
        Assert.Equal([-0.5, 0.25], Numbers(traces[0], "y"));
        Assert.Equal([0.25, 0.25], Numbers(traces[0].GetProperty("error_y"), "array"));
        Assert.Equal([0.25, 0.05], Numbers(traces[0].GetProperty("error_y"), "arrayminus"), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.4, 0.6], Numbers(traces[1], "y"));
        Assert.Equal("SHAP value (log-odds)", AxisTitle(figure, "yaxis"));
    }

    [Fact]
    public void Histogram_bars_sit_on_their_bins()
    {
        var figure = HistogramFigure.Build(new Histogram("age", [17, 37, 57, 90], [100, 200, 3]));
        var bar = Assert.Single(Traces(figure));
        Assert.Equal("bar", Type(bar));
        Assert.Equal([27.0, 47, 73.5], Numbers(bar, "x"));
        Assert.Equal([20.0, 20, 33], Numbers(bar, "width"));
        Assert.Equal([100.0, 200, 3], Numbers(bar, "y"));
        Assert.Equal("age", AxisTitle(figure, "xaxis"));
    }

    [Fact]
    public void Examples_chart_shows_the_tables_probabilities_in_table_order()
    {
        var payload = new ExamplesPayload(new ExampleRow(1, true, 0.7, []), [new ExampleRow(2, false, 0.4, [])], [new ExampleRow(3, true, 0.9, [])], [new ExampleRow(4, false, 0.05, [])]);
        var bar = Assert.Single(Traces(ExamplesFigure.Build(payload)!));
        Assert.Equal([0.7, 0.4, 0.9, 0.05], Numbers(bar, "x"));
        Assert.Equal(["This person", "Similar 1", "Highest 1", "Lowest 1"], Strings(bar, "y"));
        Assert.Null(ExamplesFigure.Build(new ExamplesPayload(null, [], [], [])));
    }

    [Fact]
    public void Trials_and_none_have_no_figure()
    {
        Assert.Empty(PayloadFigures.For(new TrialPayload([new ShownValue("age", "38")], [new ShownValue("age", "52")])));
        Assert.Empty(PayloadFigures.For(NoExplanationPayload.Instance));
    }

    [Fact]
    public void Rating_box_strip_has_one_box_per_cell_with_every_rating()
    {
        var figure = RatingFigure.BoxStrip("trust", ["real", "inverted"], [[1, 2, 5], [3, 3]], new RatingFigure.Scale(1, 7));
        var traces = Traces(figure);
        Assert.Equal(["box", "box"], traces.Select(Type));
        Assert.Equal([1.0, 2, 5], Numbers(traces[0], "y"));
        Assert.Equal([3.0, 3], Numbers(traces[1], "y"));
        Assert.Equal(["real", "inverted"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("all", traces[0].GetProperty("boxpoints").GetString());
        Assert.Equal([0.5, 7.5], Numbers(Layout(figure).GetProperty("yaxis"), "range"));
        Assert.Throws<ArgumentException>(() => RatingFigure.BoxStrip("trust", ["real"], [], null));
    }

    [Fact]
    public void Figures_are_byte_identical_across_builds_and_cultures()
    {
        var gen = new RandomPayloads(22);
        var global = gen.Global();
        ExplanationPayload[] payloads = [global, gen.Local(), gen.Effect(global), gen.Examples(), gen.Overview(), Pfi];
        string Draw() => string.Join("\n", payloads.SelectMany(p => PayloadFigures.For(p)).Select(f => f.PlotlyJson()))
                         + RatingFigure.BoxStrip("trust", ["a", "b"], [[1.5, 2.25], [3]], null).PlotlyJson();
        var first = Draw();
        Assert.Equal(first, Draw());
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // de-DE's number format (decimal comma, dot grouping); the process runs with invariant globalization, so the
            // culture is made by hand rather than looked up.
            var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = german;
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture)); // the culture does bite
            Assert.Equal(first, Draw());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Figures_carry_the_small_house_template_not_the_default_one()
    {
        var figure = ImportanceFigure.Build(Pfi);
        var template = Layout(figure).GetProperty("template").GetRawText();
        Assert.True(Encoding.UTF8.GetByteCount(template) < 1024, $"Expected the house template under 1 KB; it is {template.Length} characters: {template}");
        Assert.Contains("system-ui", template, StringComparison.Ordinal);
        Assert.DoesNotContain("colorscale", template, StringComparison.Ordinal);
        var total = Encoding.UTF8.GetByteCount(figure.PlotlyJson());
        Assert.True(total < 4096, $"Expected a 15-bar importance figure under 4 KB; it is {total} bytes.");
    }
}
