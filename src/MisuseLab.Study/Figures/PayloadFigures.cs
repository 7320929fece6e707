using System.Collections.Immutable;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Figures;

/// <summary>
/// The figures of a payload, in the order the page shows them: a pure function of the payload, so a figure never
/// reveals anything the payload does not. A trial has none on purpose (its table is the stimulus, and a chart of the
/// model would give the answer away); "none" has none.
/// </summary>
public static class PayloadFigures
{
    public static ImmutableArray<StimulusFigure> For(ExplanationPayload payload) => payload switch
    {
        GlobalPayload g => [ImportanceFigure.Build(g)],
        LocalPayload l => [WaterfallFigure.Build(l)],
        EffectPayload e => [EffectFigure.Build(e)],
        OverviewPayload o => [.. OverviewOrder(o).Select(HistogramFigure.Build)],
        ExamplesPayload x => ExamplesFigure.Build(x) is { } figure ? [figure] : [],
        TrialPayload or NoExplanationPayload => [],
        null => throw new ArgumentNullException(nameof(payload)),
        _ => throw new ArgumentException($"Expected a payload kind with known figures; found '{payload.Kind}'.", nameof(payload)),
    };

    /// <summary>The overview's histograms, age first (where the mean-imputation spike shows), then as listed.</summary>
    public static IEnumerable<Histogram> OverviewOrder(OverviewPayload overview) =>
        overview.Histograms.OrderBy(h => h.Feature == "age" ? 0 : 1);
}
