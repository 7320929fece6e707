using System.Globalization;
using MisuseLab.Study.Explanations;
using Plotly.NET;
using static MisuseLab.Study.Figures.HouseStyle;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace MisuseLab.Study.Figures;

/// <summary>
/// A local explanation as a horizontal waterfall: the base value, each contribution labelled "feature = value" (the
/// first <see cref="MaxSteps"/>; the rest summed into one bar), then the model output, coloured by sign like shap.
/// </summary>
public static class WaterfallFigure
{
    /// <summary>Contributions shown one by one; the rest are summed into one bar.</summary>
    public const int MaxSteps = 12;

    /// <summary>One bar of the waterfall; <see cref="Total"/> bars (base, output) stand on zero, the others add on.</summary>
    public sealed record Step(string Label, double Value, bool Total);

    public static IReadOnlyList<Step> Steps(LocalPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var steps = new List<Step> { new("Base value (average output)", payload.Base, true) };
        var shown = payload.Contributions.Take(MaxSteps).ToArray();
        steps.AddRange(shown.Select(c => new Step($"{c.Name} = {c.Value}", c.Contribution, false)));
        var rest = payload.Contributions.Length - shown.Length;
        if (rest > 0)
        {
            var sum = 0.0;
            for (var i = shown.Length; i < payload.Contributions.Length; i++) sum += payload.Contributions[i].Contribution;
            steps.Add(new($"{rest} other features", sum, false));
        }
        steps.Add(new("Model output", payload.Output, true));
        return steps;
    }

    /// <summary>"age = 39: +0.1234 log-odds" for a contribution, "Model output: -1.2000 log-odds" for a total.</summary>
    public static string HoverText(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var value = step.Total ? Value(step.Value) : (step.Value >= 0 ? "+" : "") + Value(step.Value);
        return $"{step.Label}: {value} log-odds";
    }

    public static StimulusFigure Build(LocalPayload payload)
    {
        var steps = Steps(payload);
        var chart = CSharpChart.Waterfall<double, string, string>(steps.Select(s => s.Value), steps.Select(s => s.Label),
            Orientation: StyleParam.Orientation.Horizontal,
            Measure: steps.Select(s => s.Total ? StyleParam.WaterfallMeasure.Absolute : StyleParam.WaterfallMeasure.Relative).ToArray(),
            MultiText: steps.Select(s => s.Value.ToString(s.Total ? "0.000" : "+0.000;-0.000", CultureInfo.InvariantCulture)).ToArray(),
            IncreasingColor: Hex(Positive), DecreasingColor: Hex(Negative), TotalsColor: Hex("#6b7280"),
            TextPosition: StyleParam.TextPosition.Auto, UseDefaults: false);
        chart = WithTraceProperties(chart, ("cliponaxis", false));
        chart = WithHoverTexts(chart, steps.Select(HoverText));
        chart = WithX(chart, Axis("Model output (log-odds of income > $50K)"));
        chart = WithY(chart, Axis(null, ("autorange", "reversed")));
        return new StimulusFigure("waterfall",
            string.Create(CultureInfo.InvariantCulture, $"Waterfall chart from the base value {payload.Base:0.000} through {payload.Contributions.Length} feature contributions to the model output {payload.Output:0.000} (probability {payload.Probability:0.00})."),
            ToFigure(chart, 90 + 30 * steps.Count));
    }
}
