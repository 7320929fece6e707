using System.Text.Json;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Figures;

/// <summary>
/// One chart as stored with a stimulus: its kind ("importance", "waterfall", "effect", "histogram", "examples", "box"),
/// a sentence for screen readers, and the Plotly figure ({"data":[…],"layout":{…}}) that the browser draws as is.
/// Part of the stimulus's canonical JSON and hash: what was drawn is what was stored.
/// </summary>
public sealed record StimulusFigure
{
    public StimulusFigure(string kind, string description, JsonElement plotly)
    {
        Kind = string.IsNullOrWhiteSpace(kind) ? throw new ArgumentException("Expected a non-empty figure kind.", nameof(kind)) : kind;
        Description = string.IsNullOrWhiteSpace(description) ? throw new ArgumentException("Expected a non-empty description.", nameof(description)) : description;
        if (plotly.ValueKind != JsonValueKind.Object || !plotly.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new ArgumentException($"Expected a Plotly figure object with a \"data\" array; found {plotly.ValueKind}.", nameof(plotly));
        Plotly = plotly;
    }

    [JsonPropertyName("kind")] public string Kind { get; }
    [JsonPropertyName("description")] public string Description { get; }

    /// <summary>The Plotly figure as Plotly.NET wrote it (GenericChart.toFigureJson).</summary>
    [JsonPropertyName("plotly")] public JsonElement Plotly { get; }

    /// <summary>The figure JSON exactly as stored, for the page's data attribute.</summary>
    public string PlotlyJson() => Plotly.GetRawText();
}
