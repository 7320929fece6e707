using MisuseLab.Study.Explanations;
using Plotly.NET;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace MisuseLab.Study.Figures;

/// <summary>
/// Global importance as sorted horizontal bars, most important at the top (the top <see cref="MaxBars"/>), with the
/// explainer's interval as whiskers when it gives one. The x axis is titled with the payload's own measure and unit.
/// </summary>
public static class ImportanceFigure
{
    public const int MaxBars = 15;

    public static StimulusFigure Build(GlobalPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var top = payload.Features.Take(MaxBars).Reverse().ToArray(); // Plotly draws the first category at the bottom
        var chart = CSharpChart.Bar<double, string, string>(top.Select(f => f.Importance), Keys: top.Select(f => f.Name).ToArray(),
            Name: payload.Measure.Name, MarkerColor: Hex(Accent), UseDefaults: false);
        if (top.Any(f => f.High > f.Low))
            chart = WithTraceProperties(chart, ("error_x", ErrorBars(top.Select(f => f.High - f.Importance), top.Select(f => f.Importance - f.Low))));
        chart = WithHoverTexts(chart, top.Select(f => HoverText(f, payload.Measure)));
        chart = WithX(chart, Axis(payload.Measure.Title, ("rangemode", "tozero")));
        chart = WithY(chart, Axis(null));
        var shown = payload.Features.Length > MaxBars ? $"the {MaxBars} most important of {payload.Features.Length} features" : $"{payload.Features.Length} features";
        return new StimulusFigure("importance", $"Horizontal bar chart of {payload.Measure.Name} ({payload.Measure.Unit}) for {shown}, most important at the top.",
            ToFigure(chart, 70 + 28 * top.Length));
    }

    /// <summary>"age: 0.0123 AUC (interval 0.0100 to 0.0150)": the feature, its importance and the unit, and the interval when there is one.</summary>
    public static string HoverText(FeatureImportance feature, Measure measure)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(measure);
        var text = $"{feature.Name}: {Value(feature.Importance)} {measure.Unit}";
        return feature.High > feature.Low ? $"{text} (interval {Value(feature.Low)} to {Value(feature.High)})" : text;
    }
}
