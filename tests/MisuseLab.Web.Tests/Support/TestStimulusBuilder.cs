using MisuseLab.Storage.Studies;
using MisuseLab.Study.Conditions;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// Stimuli from hand-made payload records with each cell's real condition applied (ConditionCatalog), for tests that
/// must not train models. Same shape as the pipeline's output: one stimulus per (cell, content page).
/// </summary>
internal sealed class TestStimulusBuilder : IStudyStimulusBuilder
{
    public IReadOnlyList<StimulusEntry> Build(StudyDefinition definition, string dataDirectory, IProgress<string>? progress)
    {
        var entries = new List<StimulusEntry>();
        foreach (var cell in definition.Conditions.Cells)
        {
            var explainer = cell.Explainer is null ? ExplainerKinds.TreeShap : definition.Explainer(cell.Explainer).Kind;
            var global = Global(explainer);
            var condition = ConditionCatalog.Get(cell.Manipulation);
            foreach (var page in definition.Pages)
            {
                ExplanationPayload? payload = page.Kind switch
                {
                    PageKind.Overview => Overview(),
                    PageKind.Global => global,
                    PageKind.Effect => Effect(explainer, page.Feature!),
                    PageKind.Local => Local(explainer, page.Id.Length),
                    _ => null,
                };
                if (payload is null) continue;
                var shown = condition.Apply(payload, new ConditionContext(RealGlobal: global));
                var instance = page.Kind == PageKind.Local ? $"test:{page.Id.Length}" : null;
                entries.Add(StimulusEntry.From(cell.Id, page.Id, null, new Stimulus(definition.Id, definition.Version, cell.Id, page.Id, instance, shown)));
            }
        }
        progress?.Report($"{entries.Count} test stimuli");
        return entries;
    }

    private static readonly string[] Features = ["age", "capital-gain", "education-num", "hours-per-week", "marital-status", "occupation", "relationship", "sex"];

    private static GlobalPayload Global(string explainer) => new(explainer,
        Features.Select((f, i) => new FeatureImportance(f, 1.0 / (i + 1), 0.9 / (i + 1), 1.1 / (i + 1))));

    private static OverviewPayload Overview() => new(29_305, 16_281, 0.861, 0.914,
        [new Histogram("age", [17, 27, 37, 47, 57, 67, 77, 90], [5_000, 7_900, 8_100, 4_900, 2_500, 700, 205]),
         new Histogram("hours-per-week", [1, 20, 40, 60, 99], [2_000, 6_000, 19_000, 2_305])]);

    private static EffectPayload Effect(string explainer, string feature) => new(explainer, feature,
        EffectAxis.Numeric([20, 30, 38, 45, 60, 75]), [-1.2, -0.3, 0.9, 0.4, 0.5, 0.3], [-1.4, -0.4, 0.7, 0.3, 0.3, 0.0], [-1.0, -0.2, 1.1, 0.5, 0.7, 0.6], [0.1, 0.25, 0.3, 0.2, 0.12, 0.03]);

    private static LocalPayload Local(string explainer, int row) => new(explainer, row, -1.3, 0.7, 1 / (1 + Math.Exp(-0.7)),
    [
        new FeatureContribution("marital-status", "Married-civ-spouse", 0.9),
        new FeatureContribution("education-num", "13", 0.6),
        new FeatureContribution("age", "45", 0.3),
        new FeatureContribution("hours-per-week", "50", 0.25),
        new FeatureContribution("capital-gain", "0", -0.05),
    ], label: row % 2 == 0);
}
