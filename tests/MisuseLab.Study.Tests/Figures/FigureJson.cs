using System.Text.Json;
using MisuseLab.Study.Figures;

namespace MisuseLab.Study.Tests.Figures;

/// <summary>Reading helpers over a stored Plotly figure, for structural checks.</summary>
internal static class FigureJson
{
    public static JsonElement[] Traces(StimulusFigure figure) => [.. figure.Plotly.GetProperty("data").EnumerateArray()];

    public static JsonElement Layout(StimulusFigure figure) => figure.Plotly.GetProperty("layout");

    public static string Type(JsonElement trace) => trace.TryGetProperty("type", out var t) ? t.GetString()! : "scatter";

    public static double[] Numbers(JsonElement trace, string name) => [.. trace.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    public static string[] Strings(JsonElement trace, string name) => [.. trace.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];

    /// <summary>An axis title, whether Plotly.NET wrote it as {"text":…} or as a plain string.</summary>
    public static string AxisTitle(StimulusFigure figure, string axis)
    {
        var title = Layout(figure).GetProperty(axis).GetProperty("title");
        return title.ValueKind == JsonValueKind.String ? title.GetString()! : title.GetProperty("text").GetString()!;
    }
}
