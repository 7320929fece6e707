using MisuseLab.Analysis.Declared;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Bots;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// The planted-interaction answer model is what it claims: over many seeds, clm on its ratings recovers the planted
/// interaction, rejects it at about α when it is zero, and finds it when it is not (no database: the model alone).
/// </summary>
public sealed class PlantedInteractionTests
{
    private static CoefficientEstimate Interaction(double effect, int seed, int perCell)
    {
        var random = new Random(seed);
        var rows = new List<ModelRow>();
        foreach (var (f, t) in new[] { ("real", "gam"), ("real", "shap"), ("inverted", "gam"), ("inverted", "shap") })
            for (var i = 0; i < perCell; i++)
                rows.Add(new ModelRow(PlantedInteraction.Rating([f == "inverted", t == "shap"], 1, 7, effect, random),
                    new Dictionary<string, string> { ["fidelity"] = f, ["tool"] = t }));
        var formula = new ModelFormula(DeclaredAnalysis.FactorialTerms(["fidelity", "tool"]),
            new Dictionary<string, IReadOnlyList<string>> { ["fidelity"] = ["real", "inverted"], ["tool"] = ["gam", "shap"] });
        return CumulativeLogitModel.Fit(rows, formula).Coefficients.Single(c => c.Term == "fidelity:tool");
    }

    [Fact]
    public void Without_an_effect_the_interaction_CI_excludes_zero_at_about_alpha()
    {
        const int seeds = 300;
        var rejections = Enumerable.Range(1, seeds).Count(s => Interaction(0, s, 20) is var c && (c.Lower > 0 || c.Upper < 0));
        // Binomial(300, 0.05): mean 15, sd 3.8; [4, 30] is beyond ±3.9 sd, so only a wrong size fails this.
        Assert.InRange(rejections, 4, 30);
    }

    [Fact]
    public void A_planted_interaction_is_recovered_without_bias_and_found()
    {
        var fits = Enumerable.Range(1, 100).Select(s => Interaction(2.5, s, 40)).ToList();
        // SE of the mean of 100 estimates ≈ 0.6 / 10: the mean lies within 0.2 of 2.5 unless the model is biased.
        Assert.InRange(fits.Average(c => c.Estimate), 2.3, 2.7);
        Assert.True(fits.Count(c => c.Lower > 0) >= 95, $"Power at β = 2.5, 40 per cell should be > 0.99; found {fits.Count(c => c.Lower > 0)} of 100.");
    }

    [Fact]
    public void Main_effects_stay_at_zero_when_only_the_interaction_is_planted()
    {
        var formula = new ModelFormula(DeclaredAnalysis.FactorialTerms(["fidelity", "tool"]),
            new Dictionary<string, IReadOnlyList<string>> { ["fidelity"] = ["real", "inverted"], ["tool"] = ["gam", "shap"] });
        var random = new Random(7);
        var rows = new List<ModelRow>();
        foreach (var (f, t) in new[] { ("real", "gam"), ("real", "shap"), ("inverted", "gam"), ("inverted", "shap") })
            for (var i = 0; i < 2000; i++)
                rows.Add(new ModelRow(PlantedInteraction.Rating([f == "inverted", t == "shap"], 1, 7, 1.5, random),
                    new Dictionary<string, string> { ["fidelity"] = f, ["tool"] = t }));
        var model = CumulativeLogitModel.Fit(rows, formula);
        Assert.InRange(model.Coefficient("fidelityinverted").Estimate, -0.15, 0.15);
        Assert.InRange(model.Coefficient("toolshap").Estimate, -0.15, 0.15);
        Assert.InRange(model.Coefficients.Single(c => c.Term == "fidelity:tool").Estimate, 1.3, 1.7);
        // Thresholds θⱼ = j − 3.5 for a 7-point scale.
        Assert.All(model.Thresholds.Select((t, j) => (t, j)), p => Assert.InRange(p.t.Estimate, p.j + 1 - 3.5 - 0.15, p.j + 1 - 3.5 + 0.15));
    }

    [Fact]
    public void Factorial_terms_follow_R_order()
    {
        Assert.Equal(["a"], DeclaredAnalysis.FactorialTerms(["a"]));
        Assert.Equal(["a", "b", "a:b"], DeclaredAnalysis.FactorialTerms(["a", "b"]));
        Assert.Equal(["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"], DeclaredAnalysis.FactorialTerms(["a", "b", "c"]));
    }
}
