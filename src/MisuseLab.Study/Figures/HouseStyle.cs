using System.Globalization;
using System.Text.Json;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace MisuseLab.Study.Figures;

/// <summary>
/// The one small house template every MisuseLab figure carries instead of Plotly.NET's default (which adds ~8 KB of
/// colour scales per figure), and the few helpers the figure files share. Plotly.NET's F# style functions take every
/// optional argument positionally from C#; the objects are dynamic, so the few properties the C# wrapper does not
/// expose are set by name here, on Plotly.NET's own objects, and serialised by Plotly.NET.
/// </summary>
internal static class HouseStyle
{
    public const string Font = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";
    public const string Ink = "#1c2330";
    public const string Grid = "#e3e6eb";
    public const string Accent = "#2456c9";
    public const string Muted = "#9aa3b2";
    public const string Band = "rgba(36, 86, 201, 0.18)";

    /// <summary>SHAP's colours: red pushes the output up, blue pushes it down.</summary>
    public const string Positive = "#ff0051";
    public const string Negative = "#008bfb";

    /// <summary>Cell colours of the analyst's charts, in cell order.</summary>
    public static readonly string[] Palette = ["#2456c9", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490"];

    public static Color Hex(string hex) => Color.fromHex(hex);

    private static readonly Template Template = CreateTemplate();

    private static Template CreateTemplate()
    {
        var font = Obj(new Font(), ("family", Font), ("size", 13), ("color", Ink));
        var axis = new LinearAxis();
        Set(axis, ("gridcolor", Grid), ("zerolinecolor", "#aab1bd"), ("automargin", true));
        var layout = new Layout();
        Set(layout,
            ("font", font),
            ("paper_bgcolor", "#ffffff"),
            ("plot_bgcolor", "#ffffff"),
            // Room for value labels beside the bars (right) and for the mode bar above the plot (top).
            ("margin", Obj(new DynamicObj.DynamicObj(), ("l", 10), ("r", 60), ("t", 36), ("b", 10))),
            ("hovermode", "closest"),
            ("xaxis", axis),
            ("yaxis", axis));
        return Template.init<Trace>(layout, null);
    }

    /// <summary>Applies the house template, the figure's height and layout extras, and serialises with Plotly.NET.</summary>
    public static JsonElement ToFigure(GenericChart chart, int height, params (string Name, object Value)[] layout)
    {
        var extra = new Layout();
        Set(extra, [("height", height), ("showlegend", false), .. layout]);
        chart = Chart.withTemplate(Template).Invoke(chart);
        chart = Chart.withLayout(extra).Invoke(chart);
        var json = GenericChart.toFigureJson(chart);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static LinearAxis Axis(string? title, params (string Name, object Value)[] extra)
    {
        var axis = new LinearAxis();
        if (title is not null) axis.SetProperty("title", Obj(new Title(), ("text", title)));
        Set(axis, extra);
        return axis;
    }

    public static GenericChart WithX(GenericChart chart, LinearAxis axis, int id = 1) =>
        Chart.withXAxis(axis, FSharpOption<StyleParam.SubPlotId>.Some(StyleParam.SubPlotId.NewXAxis(id))).Invoke(chart);

    public static GenericChart WithY(GenericChart chart, LinearAxis axis, int id = 1) =>
        Chart.withYAxis(axis, FSharpOption<StyleParam.SubPlotId>.Some(StyleParam.SubPlotId.NewYAxis(id))).Invoke(chart);

    /// <summary>Sets properties on every trace of the chart (error bars, line shape, hover text the wrapper lacks).</summary>
    public static GenericChart WithTraceProperties(GenericChart chart, params (string Name, object Value)[] properties) =>
        GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
        {
            Set(t, properties);
            return t;
        }), chart);

    /// <summary>Sets properties on the traces whose index (in drawing order) <paramref name="which"/> accepts.</summary>
    public static GenericChart WithTraceProperties(GenericChart chart, Func<int, bool> which, params (string Name, object Value)[] properties) =>
        GenericChart.mapiTrace(FuncConvert.FromFunc<int, Trace, Trace>((i, t) =>
        {
            if (which(i)) Set(t, properties);
            return t;
        }), chart);

    public static T Obj<T>(T target, params (string Name, object Value)[] properties) where T : DynamicObj.DynamicObj
    {
        Set(target, properties);
        return target;
    }

    private static void Set(DynamicObj.DynamicObj target, params (string Name, object Value)[] properties)
    {
        foreach (var (name, value) in properties) target.SetProperty(name, value);
    }

    /// <summary>
    /// One hover text per point on the traces <paramref name="which"/> accepts, shown alone (hoverinfo "text"): the
    /// text is computed here from the payload, so it names the feature, the value and its unit whatever Plotly's own
    /// number formatting would do, and the same stimulus hovers the same way in every browser.
    /// </summary>
    public static GenericChart WithHoverTexts(GenericChart chart, Func<int, bool> which, IEnumerable<string> texts) =>
        WithTraceProperties(chart, which, ("hovertext", texts.ToArray()), ("hoverinfo", "text"));

    public static GenericChart WithHoverTexts(GenericChart chart, IEnumerable<string> texts) => WithHoverTexts(chart, _ => true, texts);

    /// <summary>A value as hover texts show it: four decimals, invariant culture (Plotly's old "%{x:.4f}").</summary>
    public static string Value(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A coordinate or count as hover texts show it: its shortest invariant form.</summary>
    public static string Plain(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plotly's asymmetric error bars: the distances from the value up to <paramref name="plus"/> and down to <paramref name="minus"/>.</summary>
    public static DynamicObj.DynamicObj ErrorBars(IEnumerable<double> plus, IEnumerable<double> minus) =>
        Obj(new DynamicObj.DynamicObj(), ("type", "data"), ("symmetric", false), ("array", plus.ToArray()), ("arrayminus", minus.ToArray()), ("color", Ink), ("thickness", 1));
}
