using MisuseLab.Study.Explanations;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace MisuseLab.Study.Figures;

/// <summary>A histogram of the overview page: counts per bin as adjoining bars, each as wide as its bin.</summary>
public static class HistogramFigure
{
    public static StimulusFigure Build(Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var centers = new double[histogram.Counts.Length];
        var widths = new double[histogram.Counts.Length];
        for (var i = 0; i < centers.Length; i++)
        {
            centers[i] = (histogram.Edges[i] + histogram.Edges[i + 1]) / 2;
            widths[i] = histogram.Edges[i + 1] - histogram.Edges[i];
        }
        var chart = CSharpChart.Column<long, double, string>(histogram.Counts, Keys: centers, Name: "People", MarkerColor: Hex(Accent), UseDefaults: false);
        // Bars as wide as their bins (bins may differ in width); the wrapper's width is typed like the counts.
        chart = WithTraceProperties(chart, ("width", widths));
        chart = WithHoverTexts(chart, HoverTexts(histogram));
        chart = WithX(chart, Axis(histogram.Feature));
        chart = WithY(chart, Axis("People"));
        return new StimulusFigure("histogram", $"Histogram of {histogram.Feature} in the training data, {histogram.Counts.Length} bins.",
            ToFigure(chart, 320, ("bargap", 0)));
    }

    /// <summary>"age 17 to 27: 1,234 people" per bin.</summary>
    public static IEnumerable<string> HoverTexts(Histogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.Counts.Select((count, i) =>
            $"{histogram.Feature} {Plain(histogram.Edges[i])} to {Plain(histogram.Edges[i + 1])}: {count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} people");
    }
}
