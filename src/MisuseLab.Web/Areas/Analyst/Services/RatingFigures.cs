using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Charts;
using static MisuseLab.Web.Charts.PlotlyWriter;

namespace MisuseLab.Web.Areas.Analyst.Services;

/// <summary>Plotly figures of the analysis page, built on the server like <see cref="FigureBuilder"/> and drawn by wwwroot/js/charts.js.</summary>
public static class RatingFigures
{
    private static readonly string[] Palette = ["#2456c9", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490"];

    /// <summary>One box per cell with every rating drawn beside it as a jittered strip (boxpoints "all").</summary>
    public static ChartFigure BoxStrip(AnswerItem item, IReadOnlyList<string> cells, IReadOnlyList<IReadOnlyList<double>> values)
    {
        var scale = item.Scale;
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            for (var c = 0; c < cells.Count; c++)
            {
                w.WriteStartObject();
                w.WriteString("type", "box");
                w.WriteString("name", cells[c]);
                Numbers(w, "y", values[c]);
                w.WriteString("boxpoints", "all");
                w.WriteNumber("jitter", 0.4);
                w.WriteNumber("pointpos", 0);
                w.WriteBoolean("boxmean", true);
                w.WriteStartObject("marker");
                w.WriteString("color", Palette[c % Palette.Length]);
                w.WriteNumber("size", 6);
                w.WriteNumber("opacity", 0.7);
                w.WriteEndObject();
                w.WriteString("hovertemplate", cells[c] + ": %{y}<extra></extra>");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("layout");
            CommonLayout(w, 360, showLegend: false);
            Axis(w, "xaxis", "Condition");
            Axis(w, "yaxis", scale is null ? "Rating" : $"Rating ({scale.Min}–{scale.Max})", a =>
            {
                if (scale is null) return;
                a.WriteStartArray("range");
                a.WriteNumberValue(scale.Min - 0.5);
                a.WriteNumberValue(scale.Max + 0.5);
                a.WriteEndArray();
                a.WriteNumber("dtick", 1);
            });
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var counts = string.Join(", ", cells.Select((c, i) => $"{c} n = {values[i].Count}"));
        return new ChartFigure("box", json, $"Box plots with every rating of '{item.ItemId}' per condition ({counts}).");
    }
}
