using MisuseLab.Learning.Models;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Tests.Adult;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>
/// The mean-imputed-age defect must be visible in the GAM a participant inspects. As in Kaur et al., the rows moved
/// to 38 all earn more than $50K, so the income rate at 38 rises and the EBM's age term spikes at 38 above both
/// neighbours ("causing predictions to spike at 38") — a departure a clean model does not show.
/// </summary>
public class AgeDefectVisibilityTests
{
    /// <summary>How far the term at <paramref name="age"/> lies above the higher of its two neighbours (positive = a spike).</summary>
    private static double Spike(EbmModel model, int age)
    {
        var f = model.Schema.IndexOf("age");
        return model.TermScore(f, age) - Math.Max(model.TermScore(f, age - 1), model.TermScore(f, age + 1));
    }

    [Fact]
    public void The_ebm_age_shape_spikes_at_38_after_the_defect_and_not_before()
    {
        var built = BuiltStudies.Kaur2020;
        var definition = built.Definition.Models.Single(m => m.Kind == "ebm");
        var injected = (EbmModel)built.Models.Single(m => m.Id == definition.Id).Model;
        var adult = AdultDataFixture.Data;
        var clean = (EbmModel)ModelFactory.Train(definition, adult.Train.Features, adult.Train.Labels);

        var before = Spike(clean, 38);
        var after = Spike(injected, 38);
        Assert.True(after >= 0.1, $"term at 38 lies {after:F3} above its neighbours; expected a clear spike (≥ 0.1)");
        Assert.True(after - before >= 0.1, $"spike at 38: clean {before:F3}, with defects {after:F3}; expected the defect to raise it by ≥ 0.1");
        // Among working ages it is the highest spike of the shape function, so it stands out on the chart.
        var highest = Enumerable.Range(25, 41).MaxBy(a => Spike(injected, a));
        Assert.Equal(38, highest);
    }

    [Fact]
    public void The_gam_effect_page_shows_that_spike_to_participants()
    {
        var built = BuiltStudies.Kaur2020;
        var effect = built.Stimuli.Select(s => s.Payload).OfType<EffectPayload>().First(e => e.Feature == "age" && e.Explainer == ExplainerKinds.Terms);
        var x = effect.X.Numbers;
        var i = x.IndexOf(38);
        Assert.True(i > 0 && x[i - 1] == 37 && x[i + 1] == 39, "expected ages 37, 38, 39 as neighbouring points");
        Assert.True(effect.Y[i] - Math.Max(effect.Y[i - 1], effect.Y[i + 1]) >= 0.1, $"spike at 38 on the page: {effect.Y[i] - Math.Max(effect.Y[i - 1], effect.Y[i + 1]):F3}");
    }
}
