using System.Globalization;
using MisuseLab.Study.Explanations;
using Plotly.NET;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace MisuseLab.Study.Figures;

/// <summary>
/// The effect of one feature, drawn as InterpretML and shap draw it: on a numeric axis a step line (EBM shape function)
/// or markers (SHAP dependence) inside its shaded band; on a categorical axis bars with whiskers; and beneath, on its
/// own y axis sharing x, the data density as bars. The y axis is titled with the payload's measure and unit.
/// </summary>
public static class EffectFigure
{
    public static StimulusFigure Build(EffectPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var numeric = payload.X.Kind == EffectAxisKind.Numeric;
        var markers = payload.Explainer == ExplainerKinds.TreeShap;
        GenericChart main, density;
        if (numeric)
        {
            var x = payload.X.Numbers.ToArray();
            var line = Obj(new Line(), ("shape", markers ? "linear" : "hv"), ("color", Accent), ("width", 2));
            var edge = Obj(new Line(), ("shape", markers ? "linear" : "hv"), ("width", 0));
            // Lower edge, upper edge filled down to it, then the values (InterpretML's error band).
            main = CSharpChart.Range<double, double, string>(x, payload.Y, payload.BandHigh, payload.BandLow,
                StyleParam.Mode.Lines, Name: payload.Measure.Name,
                MarkerColor: Hex(Accent), Line: line, UpperLine: edge, LowerLine: edge, RangeColor: Color.fromString(Band),
                UpperName: "Band (upper)", LowerName: "Band (lower)", UseDefaults: false);
            // Range draws the lower edge, the upper edge (filled down to it), then the values: the edges are outline only,
            // and a dependence plot shows its values as markers rather than a line.
            main = WithTraceProperties(main, i => i < 2, ("hoverinfo", "skip"));
            main = WithHoverTexts(main, i => i == 2, HoverTexts(payload));
            if (markers) main = WithTraceProperties(main, i => i == 2, ("mode", "markers"), ("marker", Obj(new DynamicObj.DynamicObj(), ("color", Accent), ("size", 6))));
            density = CSharpChart.Column<double, double, string>(payload.Density, Keys: x, Name: "Density", MarkerColor: Hex(Muted), UseDefaults: false);
        }
        else
        {
            var labels = payload.X.Labels.ToArray();
            main = CSharpChart.Column<double, string, string>(payload.Y, Keys: labels, Name: payload.Measure.Name, MarkerColor: Hex(Accent), UseDefaults: false);
            main = WithTraceProperties(main, ("error_y", ErrorBars(payload.BandHigh.Select((h, i) => h - payload.Y[i]), payload.BandLow.Select((l, i) => payload.Y[i] - l))));
            main = WithHoverTexts(main, HoverTexts(payload));
            density = CSharpChart.Column<double, string, string>(payload.Density, Keys: labels, Name: "Density", MarkerColor: Hex(Muted), UseDefaults: false);
        }
        density = WithTraceProperties(density, ("yaxis", "y2"));
        density = WithHoverTexts(density, DensityHoverTexts(payload));
        var chart = CSharpChart.Combine([main, density]);
        chart = WithX(chart, Axis(payload.Feature, ("anchor", "y2")));
        chart = WithY(chart, Axis(payload.Measure.Title, ("domain", new[] { 0.3, 1.0 })));
        chart = WithY(chart, Axis("Density", ("domain", new[] { 0.0, 0.2 })), id: 2);
        var what = markers ? $"Scatter plot of {payload.Measure.Name}s" : numeric ? $"Step line of the {payload.Measure.Name}" : $"Bar chart of the {payload.Measure.Name}";
        return new StimulusFigure("effect",
            $"{what} ({payload.Measure.Unit}) against {payload.Feature} ({payload.X.Count} points) with a shaded band, and a strip beneath showing how much data lies at each value.",
            ToFigure(chart, 460, ("bargap", numeric ? 0 : 0.2)));
    }

    /// <summary>"age = 39: 0.1234 log-odds (band 0.1000 to 0.1500)" per point.</summary>
    public static IEnumerable<string> HoverTexts(EffectPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Enumerable.Range(0, payload.X.Count).Select(i =>
            $"{payload.Feature} = {XText(payload, i)}: {Value(payload.Y[i])} {payload.Measure.Unit} (band {Value(payload.BandLow[i])} to {Value(payload.BandHigh[i])})");
    }

    /// <summary>"age = 39: density 0.0123" per point of the strip.</summary>
    public static IEnumerable<string> DensityHoverTexts(EffectPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Enumerable.Range(0, payload.X.Count).Select(i => $"{payload.Feature} = {XText(payload, i)}: density {payload.Density[i].ToString("0.####", CultureInfo.InvariantCulture)}");
    }

    private static string XText(EffectPayload payload, int i) =>
        payload.X.Kind == EffectAxisKind.Numeric ? Plain(payload.X.Numbers[i]) : payload.X.Labels[i];
}
