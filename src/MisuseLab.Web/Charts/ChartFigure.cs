namespace MisuseLab.Web.Charts;

/// <summary>
/// One chart for the page: Plotly figure JSON ({"data":[…],"layout":{…}}) that wwwroot/js/charts.js renders, a
/// short description for screen readers, and a kind ("importance", "effect", "waterfall", "histogram") that
/// interaction events report. None of them carries anything about the participant's condition.
/// </summary>
public sealed record ChartFigure(string Kind, string Json, string Description);
