using System.Globalization;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET;

namespace MisuseLab.Study.Figures;

/// <summary>
/// The analyst's rating chart: one box per cell with every rating drawn beside it as a jittered strip. Takes plain
/// numbers so it knows nothing of how they were loaded; the scale, when known, fixes the y range with one tick per point.
/// </summary>
public static class RatingFigure
{
    public sealed record Scale(int Min, int Max);

    public static StimulusFigure BoxStrip(string itemId, IReadOnlyList<string> cells, IReadOnlyList<IReadOnlyList<double>> values, Scale? scale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(values);
        if (cells.Count != values.Count)
            throw new ArgumentException($"Expected one list of ratings per cell; found {cells.Count} cells and {values.Count} lists.", nameof(values));
        if (cells.Count == 0) throw new ArgumentException("Expected at least one cell.", nameof(cells));
        var boxes = cells.Select((cell, c) => CSharpChart.BoxPlot<string, double, string>(Y: values[c].ToArray(), Name: cell,
            BoxPoints: StyleParam.BoxPoints.All, BoxMean: StyleParam.BoxMean.True, Jitter: 0.4, PointPos: 0,
            MarkerColor: Hex(Palette[c % Palette.Length]), UseDefaults: false));
        var chart = CSharpChart.Combine(boxes);
        chart = WithX(chart, Axis("Condition"));
        chart = WithY(chart, scale is null
            ? Axis("Rating")
            : Axis(string.Create(CultureInfo.InvariantCulture, $"Rating ({scale.Min}–{scale.Max})"), ("range", new[] { scale.Min - 0.5, scale.Max + 0.5 }), ("dtick", 1)));
        var counts = string.Join(", ", cells.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} n = {values[i].Count}")));
        return new StimulusFigure("box", $"Box plots with every rating of '{itemId}' per condition ({counts}).", ToFigure(chart, 360));
    }
}
