using System.Globalization;
using System.Text.Json;
using MisuseLab.Study.Explanations;
using static MisuseLab.Web.Charts.PlotlyWriter;

namespace MisuseLab.Web.Charts;

/// <summary>
/// Plotly figures from explanation payloads, drawn the way InterpretML and shap draw them: importance as sorted
/// horizontal bars (top <see cref="MaxBars"/>), an EBM shape function as a step line with its ±1 sd band and the
/// data density beneath, a SHAP dependence plot as a scatter, a local explanation as a waterfall from the base
/// value to the model output coloured by sign, histograms as bars. Pure functions of the payload: the figure of a
/// payload never depends on anything else, so it reveals nothing the payload does not.
/// </summary>
public static class FigureBuilder
{
    public const int MaxBars = 15;

    /// <summary>Contributions shown one by one in a waterfall; the rest are summed into one bar.</summary>
    public const int MaxWaterfallSteps = 12;

    public static string ImportanceTitle(string explainer) => explainer switch
    {
        ExplainerKinds.TreeShap => "mean(|SHAP value|) (average impact on model output, log-odds)",
        ExplainerKinds.Terms => "Mean absolute score (log-odds)",
        _ => "Drop in accuracy when the feature is shuffled",
    };

    public static string EffectTitle(EffectPayload p) =>
        p.Explainer == ExplainerKinds.TreeShap ? $"SHAP value for {p.Feature} (log-odds)" : $"Score for {p.Feature} (log-odds)";

    /// <summary>The top features as horizontal bars, most important at the top, with interval whiskers when the explainer gives intervals.</summary>
    public static ChartFigure Importance(GlobalPayload payload)
    {
        var top = payload.Features.Take(MaxBars).Reverse().ToArray(); // Plotly draws the first category at the bottom
        var hasIntervals = top.Any(f => f.High > f.Low);
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("type", "bar");
            w.WriteString("orientation", "h");
            Numbers(w, "x", top.Select(f => f.Importance));
            Strings(w, "y", top.Select(f => f.Name));
            w.WriteStartObject("marker");
            w.WriteString("color", Accent);
            w.WriteEndObject();
            if (hasIntervals)
            {
                w.WriteStartObject("error_x");
                w.WriteString("type", "data");
                w.WriteBoolean("symmetric", false);
                Numbers(w, "array", top.Select(f => f.High - f.Importance));
                Numbers(w, "arrayminus", top.Select(f => f.Importance - f.Low));
                w.WriteString("color", Ink);
                w.WriteNumber("thickness", 1);
                w.WriteEndObject();
            }
            w.WriteString("hovertemplate", "%{y}: %{x:.4f}<extra></extra>");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("layout");
            CommonLayout(w, 70 + 28 * top.Length, showLegend: false);
            Axis(w, "xaxis", ImportanceTitle(payload.Explainer), a => a.WriteString("rangemode", "tozero"));
            Axis(w, "yaxis", null);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var shown = payload.Features.Length > MaxBars ? $"the {MaxBars} most important of {payload.Features.Length} features" : $"{payload.Features.Length} features";
        return new ChartFigure("importance", json, $"Horizontal bar chart of the importance of {shown}, most important at the top.");
    }

    /// <summary>
    /// The effect of one feature: a step line (shape function) or a scatter (dependence) with its band, and the data
    /// density as bars in a strip beneath. Categorical features are bars with whiskers.
    /// </summary>
    public static ChartFigure Effect(EffectPayload payload)
    {
        var numeric = payload.X.Kind == EffectAxisKind.Numeric;
        var scatter = payload.Explainer == ExplainerKinds.TreeShap;
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            if (numeric)
            {
                var shape = scatter ? "linear" : "hv";
                // Band first: the lower edge, then the upper edge filled down to it (InterpretML's error band).
                BandTrace(w, payload.X.Numbers, payload.BandLow, shape, fill: false);
                BandTrace(w, payload.X.Numbers, payload.BandHigh, shape, fill: true);
                w.WriteStartObject();
                w.WriteString("type", "scatter");
                w.WriteString("mode", scatter ? "markers" : "lines");
                w.WriteString("name", scatter ? "SHAP value" : "Score");
                Numbers(w, "x", payload.X.Numbers);
                Numbers(w, "y", payload.Y);
                if (scatter)
                {
                    w.WriteStartObject("marker");
                    w.WriteString("color", Accent);
                    w.WriteNumber("size", 6);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteStartObject("line");
                    w.WriteString("color", Accent);
                    w.WriteString("shape", shape);
                    w.WriteNumber("width", 2);
                    w.WriteEndObject();
                }
                w.WriteString("hovertemplate", payload.Feature + " = %{x}<br>%{y:.4f}<extra></extra>");
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("type", "bar");
                w.WriteString("name", scatter ? "SHAP value" : "Score");
                Strings(w, "x", payload.X.Labels);
                Numbers(w, "y", payload.Y);
                w.WriteStartObject("marker");
                w.WriteString("color", Accent);
                w.WriteEndObject();
                w.WriteStartObject("error_y");
                w.WriteString("type", "data");
                w.WriteBoolean("symmetric", false);
                Numbers(w, "array", payload.BandHigh.Select((h, i) => h - payload.Y[i]));
                Numbers(w, "arrayminus", payload.BandLow.Select((l, i) => payload.Y[i] - l));
                w.WriteString("color", Ink);
                w.WriteEndObject();
                w.WriteString("hovertemplate", "%{x}: %{y:.4f}<extra></extra>");
                w.WriteEndObject();
            }
            // Density strip beneath, on its own y axis, sharing x.
            w.WriteStartObject();
            w.WriteString("type", "bar");
            w.WriteString("name", "Density");
            if (numeric) Numbers(w, "x", payload.X.Numbers);
            else Strings(w, "x", payload.X.Labels);
            Numbers(w, "y", payload.Density);
            w.WriteString("yaxis", "y2");
            w.WriteStartObject("marker");
            w.WriteString("color", "#9aa3b2");
            w.WriteEndObject();
            w.WriteString("hovertemplate", "%{x}: density %{y}<extra></extra>");
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartObject("layout");
            CommonLayout(w, 460, showLegend: false);
            Axis(w, "xaxis", payload.Feature, a => a.WriteString("anchor", "y2"));
            Axis(w, "yaxis", EffectTitle(payload), a =>
            {
                a.WriteStartArray("domain");
                a.WriteNumberValue(0.3);
                a.WriteNumberValue(1);
                a.WriteEndArray();
            });
            Axis(w, "yaxis2", "Density", a =>
            {
                a.WriteStartArray("domain");
                a.WriteNumberValue(0);
                a.WriteNumberValue(0.2);
                a.WriteEndArray();
            });
            w.WriteNumber("bargap", numeric ? 0 : 0.2);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var what = scatter ? "Scatter plot of SHAP values" : numeric ? "Step line of the model's score" : "Bar chart of the model's score";
        return new ChartFigure("effect", json,
            $"{what} against {payload.Feature} ({payload.X.Count} points) with a shaded band, and a strip beneath showing how much data lies at each value.");
    }

    private static void BandTrace(Utf8JsonWriter w, IEnumerable<double> x, IEnumerable<double> y, string shape, bool fill)
    {
        w.WriteStartObject();
        w.WriteString("type", "scatter");
        w.WriteString("mode", "lines");
        w.WriteString("name", fill ? "Band (upper)" : "Band (lower)");
        Numbers(w, "x", x);
        Numbers(w, "y", y);
        w.WriteStartObject("line");
        w.WriteNumber("width", 0);
        w.WriteString("shape", shape);
        w.WriteEndObject();
        if (fill)
        {
            w.WriteString("fill", "tonexty");
            w.WriteString("fillcolor", "rgba(36, 86, 201, 0.18)");
        }
        w.WriteString("hoverinfo", "skip");
        w.WriteBoolean("showlegend", false);
        w.WriteEndObject();
    }

    /// <summary>A horizontal waterfall: the base value, each contribution labelled "feature = value", the rest summed, then the model output.</summary>
    public static ChartFigure Waterfall(LocalPayload payload)
    {
        var steps = WaterfallSteps(payload);
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("type", "waterfall");
            w.WriteString("orientation", "h");
            Strings(w, "measure", steps.Select(s => s.Measure));
            Strings(w, "y", steps.Select(s => s.Label));
            Numbers(w, "x", steps.Select(s => s.Value));
            Strings(w, "text", steps.Select(s => s.Measure == "relative" ? s.Value.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : s.Value.ToString("0.000", CultureInfo.InvariantCulture)));
            w.WriteString("textposition", "auto");
            w.WriteBoolean("cliponaxis", false);
            w.WriteStartObject("connector");
            w.WriteStartObject("line");
            w.WriteString("color", "#aab1bd");
            w.WriteNumber("width", 1);
            w.WriteEndObject();
            w.WriteEndObject();
            foreach (var (name, color) in new[] { ("increasing", Positive), ("decreasing", Negative), ("totals", "#6b7280") })
            {
                w.WriteStartObject(name);
                w.WriteStartObject("marker");
                w.WriteString("color", color);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteString("hovertemplate", "%{y}: %{text}<extra></extra>");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("layout");
            CommonLayout(w, 90 + 30 * steps.Count, showLegend: false);
            Axis(w, "xaxis", "Model output (log-odds of income > $50K)");
            Axis(w, "yaxis", null, a => a.WriteString("autorange", "reversed"));
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return new ChartFigure("waterfall", json,
            $"Waterfall chart from the base value {payload.Base:0.000} through {payload.Contributions.Length} feature contributions to the model output {payload.Output:0.000} (probability {payload.Probability:0.00}).");
    }

    /// <summary>One bar of a waterfall; <see cref="Measure"/> is Plotly's "absolute" or "relative".</summary>
    public sealed record WaterfallStep(string Label, double Value, string Measure);

    public static IReadOnlyList<WaterfallStep> WaterfallSteps(LocalPayload payload)
    {
        var steps = new List<WaterfallStep> { new("Base value (average output)", payload.Base, "absolute") };
        var shown = payload.Contributions.Take(MaxWaterfallSteps).ToArray();
        foreach (var c in shown)
        {
            steps.Add(new($"{c.Name} = {c.Value}", c.Contribution, "relative"));
        }
        var rest = payload.Contributions.Length - shown.Length;
        if (rest > 0)
        {
            var sum = 0.0;
            for (var i = shown.Length; i < payload.Contributions.Length; i++) sum += payload.Contributions[i].Contribution;
            steps.Add(new($"{rest} other features", sum, "relative"));
        }
        steps.Add(new("Model output", payload.Output, "absolute"));
        return steps;
    }

    /// <summary>Counts per bin as adjoining bars.</summary>
    public static ChartFigure Histogram(Histogram histogram)
    {
        var centers = new double[histogram.Counts.Length];
        var widths = new double[histogram.Counts.Length];
        for (var i = 0; i < centers.Length; i++)
        {
            centers[i] = (histogram.Edges[i] + histogram.Edges[i + 1]) / 2;
            widths[i] = histogram.Edges[i + 1] - histogram.Edges[i];
        }
        var json = Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("type", "bar");
            Numbers(w, "x", centers);
            Numbers(w, "width", widths);
            w.WriteStartArray("y");
            foreach (var c in histogram.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteStartObject("marker");
            w.WriteString("color", Accent);
            w.WriteStartObject("line");
            w.WriteString("color", "#ffffff");
            w.WriteNumber("width", 0.5);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("hovertemplate", histogram.Feature + " ≈ %{x}: %{y} people<extra></extra>");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("layout");
            CommonLayout(w, 320, showLegend: false);
            Axis(w, "xaxis", histogram.Feature);
            Axis(w, "yaxis", "People");
            w.WriteNumber("bargap", 0);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        return new ChartFigure("histogram", json, $"Histogram of {histogram.Feature} in the training data, {histogram.Counts.Length} bins.");
    }
}
