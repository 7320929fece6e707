using System.Globalization;
using MisuseLab.Study.Explanations;
using Plotly.NET;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace MisuseLab.Study.Figures;

/// <summary>
/// The example tables' chart: the model's probability for every listed person (the instance, the nearest rows, the
/// highest and lowest rated), as horizontal bars in table order, coloured by the person's true income. It shows
/// exactly the numbers the tables show, nothing more.
/// </summary>
public static class ExamplesFigure
{
    public const string Above = "#15803d";
    public const string Below = "#6b7280";

    /// <summary>One bar: "group #i (row r)" and its probability and label.</summary>
    public sealed record Bar(string Label, double Probability, bool Income);

    public static IReadOnlyList<Bar> Bars(ExamplesPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bars = new List<Bar>();
        if (payload.Instance is { } instance) bars.Add(new("This person", instance.Probability, instance.Label));
        void Add(string group, IEnumerable<ExampleRow> rows) =>
            bars.AddRange(rows.Select((r, i) => new Bar(string.Create(CultureInfo.InvariantCulture, $"{group} {i + 1}"), r.Probability, r.Label)));
        Add("Similar", payload.Nearest);
        Add("Highest", payload.Top);
        Add("Lowest", payload.Bottom);
        return bars;
    }

    /// <summary>"Similar 2: probability 0.73 of income > $50K; truly earns > $50K".</summary>
    public static string HoverText(Bar bar)
    {
        ArgumentNullException.ThrowIfNull(bar);
        return string.Create(CultureInfo.InvariantCulture, $"{bar.Label}: probability {bar.Probability:0.00} of income > $50K; truly earns {(bar.Income ? "> $50K" : "≤ $50K")}");
    }

    /// <summary>The chart, or null when the payload lists nobody.</summary>
    public static StimulusFigure? Build(ExamplesPayload payload)
    {
        var bars = Bars(payload);
        if (bars.Count == 0) return null;
        var chart = CSharpChart.Bar<double, string, string>(bars.Select(b => b.Probability), Keys: bars.Select(b => b.Label).ToArray(),
            Name: "Model's probability of income > $50K", UseDefaults: false);
        chart = WithTraceProperties(chart, ("marker", Obj(new DynamicObj.DynamicObj(), ("color", bars.Select(b => b.Income ? Above : Below).ToArray()))));
        chart = WithHoverTexts(chart, bars.Select(HoverText));
        chart = WithX(chart, Axis("Model's probability of income > $50K", ("range", new[] { 0.0, 1.0 })));
        chart = WithY(chart, Axis(null, ("autorange", "reversed")));
        var above = bars.Count(b => b.Income);
        return new StimulusFigure("examples",
            $"Horizontal bar chart of the model's probability for the {bars.Count} people in the tables, in table order; {above} of them truly earn more than $50K (green), {bars.Count - above} do not (grey).",
            ToFigure(chart, 70 + 24 * bars.Count));
    }
}
