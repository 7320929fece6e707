using System.Collections.Immutable;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MisuseLab.Study.Figures;

namespace MisuseLab.Web.Charts;

/// <summary>
/// Hands a stimulus's stored figures from the payload view (_Payload) to the partial that shows each payload kind,
/// through the view data partials share, so each partial keeps its payload as its model.
/// </summary>
public static class StoredFigures
{
    private const string Key = "MisuseLab.StoredFigures";

    public static void Put(ViewDataDictionary viewData, ImmutableArray<StimulusFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        viewData[Key] = figures;
    }

    /// <summary>
    /// The <paramref name="index"/>-th stored figure of <paramref name="kind"/>, or null when the stimulus has none
    /// (stored before figures were part of stimuli); the page then shows the table only.
    /// </summary>
    public static ChartFigure? Find(ViewDataDictionary viewData, string kind, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        if (viewData[Key] is not ImmutableArray<StimulusFigure> figures || figures.IsDefault) return null;
        var match = figures.Where(f => f.Kind == kind).Skip(index).FirstOrDefault();
        return match is null ? null : ChartFigure.From(match);
    }
}
