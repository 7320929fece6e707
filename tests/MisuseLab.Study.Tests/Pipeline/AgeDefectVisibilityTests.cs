using MisuseLab.Learning.Models;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Tests.Adult;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>
/// The mean-imputed-age defect must be visible in the GAM a participant inspects. The rows moved to 38 come from
/// every age, so the income rate at 38 falls toward the population's and the EBM's age term dips at 38 below
/// both neighbours — a departure a clean model does not show.
/// </summary>
public class AgeDefectVisibilityTests
{
    /// <summary>How far the term at <paramref name="age"/> lies below the lower of its two neighbours (positive = a dip).</summary>
    private static double Dip(EbmModel model, int age)
    {
        var f = model.Schema.IndexOf("age");
        return Math.Min(model.TermScore(f, age - 1), model.TermScore(f, age + 1)) - model.TermScore(f, age);
    }

    [Fact]
    public void The_ebm_age_shape_dips_at_38_after_the_defect_and_not_before()
    {
        var built = BuiltStudies.Kaur2020;
        var definition = built.Definition.Models.Single(m => m.Kind == "ebm");
        var injected = (EbmModel)built.Models.Single(m => m.Id == definition.Id).Model;
        var adult = AdultDataFixture.Data;
        var clean = (EbmModel)ModelFactory.Train(definition, adult.Train.Features, adult.Train.Labels);

        var before = Dip(clean, 38);
        var after = Dip(injected, 38);
        Assert.True(after >= 0.1, $"term at 38 lies {after:F3} below its neighbours; expected a clear dip (≥ 0.1)");
        Assert.True(after - before >= 0.1, $"dip at 38: clean {before:F3}, with defects {after:F3}; expected the defect to deepen it by ≥ 0.1");
        // Among working ages it is the deepest dip of the shape function, so it stands out on the chart.
        var deepest = Enumerable.Range(25, 41).MaxBy(a => Dip(injected, a));
        Assert.Equal(38, deepest);
    }

    [Fact]
    public void The_gam_effect_page_shows_that_dip_to_participants()
    {
        var built = BuiltStudies.Kaur2020;
        var effect = built.Stimuli.Select(s => s.Payload).OfType<EffectPayload>().First(e => e.Feature == "age" && e.Explainer == ExplainerKinds.Terms);
        var x = effect.X.Numbers;
        var i = x.IndexOf(38);
        Assert.True(i > 0 && x[i - 1] == 37 && x[i + 1] == 39, "expected ages 37, 38, 39 as neighbouring points");
        Assert.True(Math.Min(effect.Y[i - 1], effect.Y[i + 1]) - effect.Y[i] >= 0.1);
    }
}
