using MisuseLab.Study.Definitions;
using MisuseLab.Study.Figures;
using MisuseLab.Web.Charts;

namespace MisuseLab.Web.Areas.Analyst.Services;

/// <summary>The analysis page's rating chart: the item's scale and per-cell ratings handed to Study's <see cref="RatingFigure"/>, which draws it with Plotly.NET.</summary>
public static class RatingFigures
{
    /// <summary>One box per cell with every rating drawn beside it as a jittered strip.</summary>
    public static ChartFigure BoxStrip(AnswerItem item, IReadOnlyList<string> cells, IReadOnlyList<IReadOnlyList<double>> values)
    {
        ArgumentNullException.ThrowIfNull(item);
        var scale = item.Scale is { } s ? new RatingFigure.Scale(s.Min, s.Max) : null;
        return ChartFigure.From(RatingFigure.BoxStrip(item.ItemId, cells, values, scale));
    }
}
