using MisuseLab.Study.Figures;

namespace MisuseLab.Web.Charts;

/// <summary>
/// One chart for the page: Plotly figure JSON ({"data":[…],"layout":{…}}) that wwwroot/js/charts.js renders, a
/// short description for screen readers, and a kind ("importance", "effect", "waterfall", "histogram", "examples",
/// "box") that interaction events report. The web app builds none: each is a figure stored with its stimulus (or, for
/// the analyst, drawn by Study's figure functions), passed through unchanged.
/// </summary>
public sealed record ChartFigure(string Kind, string Json, string Description)
{
    public static ChartFigure From(StimulusFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return new ChartFigure(figure.Kind, figure.PlotlyJson(), figure.Description);
    }
}
