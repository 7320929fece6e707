using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MisuseLab.Web.Charts;

/// <summary>Small helpers over Utf8JsonWriter for Plotly figures: number and string arrays, shared layout pieces.</summary>
internal static class PlotlyWriter
{
    public const string Font = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";
    public const string Ink = "#1c2330";
    public const string Grid = "#e3e6eb";
    public const string Accent = "#2456c9";

    /// <summary>SHAP's colours: red pushes the output up, blue pushes it down.</summary>
    public const string Positive = "#ff0051";
    public const string Negative = "#008bfb";

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Numbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(Round(v));
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>Six significant digits: what a chart can show, and it keeps the page small.</summary>
    public static double Round(double value) =>
        value == 0 || !double.IsFinite(value) ? value : double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static void Axis(Utf8JsonWriter w, string name, string? title, Action<Utf8JsonWriter>? extra = null)
    {
        w.WriteStartObject(name);
        if (title is not null)
        {
            w.WriteStartObject("title");
            w.WriteString("text", title);
            w.WriteEndObject();
        }
        w.WriteString("gridcolor", Grid);
        w.WriteString("zerolinecolor", "#aab1bd");
        w.WriteBoolean("automargin", true);
        extra?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>Layout fields every figure shares: font, white background, margins, legend below.</summary>
    public static void CommonLayout(Utf8JsonWriter w, int height, bool showLegend)
    {
        w.WriteNumber("height", height);
        w.WriteStartObject("font");
        w.WriteString("family", Font);
        w.WriteNumber("size", 13);
        w.WriteString("color", Ink);
        w.WriteEndObject();
        w.WriteString("paper_bgcolor", "#ffffff");
        w.WriteString("plot_bgcolor", "#ffffff");
        w.WriteStartObject("margin");
        w.WriteNumber("l", 10);
        w.WriteNumber("r", 60); // room for value labels printed outside the bars
        w.WriteNumber("t", 36); // room for the mode bar above the plot
        w.WriteNumber("b", 10);
        w.WriteEndObject();
        w.WriteBoolean("showlegend", showLegend);
        if (showLegend)
        {
            w.WriteStartObject("legend");
            w.WriteString("orientation", "h");
            w.WriteNumber("y", -0.2);
            w.WriteEndObject();
        }
        w.WriteString("hovermode", "closest");
    }
}
