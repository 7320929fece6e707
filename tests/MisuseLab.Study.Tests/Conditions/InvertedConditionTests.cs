using MisuseLab.Study.Conditions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Explanations;

namespace MisuseLab.Study.Tests.Conditions;

public sealed class InvertedConditionTests
{
    private static readonly InvertedCondition Inverted = new();

    /// <summary>Kendall's τ-a between two rankings of the same names, brute force over all pairs.</summary>
    private static double KendallTau(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var rankB = b.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        int concordant = 0, discordant = 0;
        for (var i = 0; i < a.Count; i++)
            for (var j = i + 1; j < a.Count; j++)
                if (rankB[a[i]] < rankB[a[j]]) concordant++; else discordant++;
        return (concordant - discordant) / (double)(concordant + discordant);
    }

    [Fact]
    public void Global_order_is_reversed_exactly_with_the_same_importances()
    {
        var gen = new RandomPayloads(21);
        for (var trial = 0; trial < 300; trial++)
        {
            var real = gen.Global();
            var shown = (GlobalPayload)Inverted.Apply(real, ConditionContext.Empty);

            Assert.Equal(-1.0, KendallTau(real.Features.Select(f => f.Name).ToList(), shown.Features.Select(f => f.Name).ToList()));
            Assert.Equal(real.Features.Select(f => f.Importance), shown.Features.Select(f => f.Importance));
            Assert.Equal(real.Features[0].Name, shown.Features[^1].Name);
            Assert.Equal(real.ToCanonicalJson(), ((GlobalPayload)Inverted.Apply(shown, ConditionContext.Empty)).ToCanonicalJson());
        }
    }

    [Fact]
    public void Local_contributions_are_permuted_by_reversed_magnitude_rank_and_still_add_up_bit_for_bit()
    {
        var gen = new RandomPayloads(22);
        for (var trial = 0; trial < 500; trial++)
        {
            var real = gen.Local();
            var shown = (LocalPayload)Inverted.Apply(real, ConditionContext.Empty);

            Assert.Equal(BitConverter.DoubleToInt64Bits(real.ContributionSum), BitConverter.DoubleToInt64Bits(shown.ContributionSum));
            // The generator makes output = base + Σ exactly, so the shown explanation adds up exactly too.
            Assert.Equal(real.Output, shown.Base + shown.ContributionSum);
            Assert.Equal(real.Contributions.Select(c => c.Contribution).Order(), shown.Contributions.Select(c => c.Contribution).Order());
            var top = real.Contributions[0];
            Assert.Equal(real.Contributions[^1].Contribution, shown.Find(top.Name)!.Contribution);
            Assert.Equal(top.Value, shown.Find(top.Name)!.Value);
        }
    }

    [Fact]
    public void Effect_is_rescaled_to_the_mirrored_features_importance_keeping_grid_and_direction()
    {
        var global = new GlobalPayload("terms", Measure.GlobalFor("terms"), [new("age", 0.8, 0.7, 0.9), new("sex", 0.4, 0.4, 0.4), new("race", 0.1, 0.05, 0.2)]);
        var age = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17, 38, 60]), [-1, 0.5, 0.25], [-1.5, 0.25, 0], [-0.5, 1, 0.5], [5, 9, 2]);
        var race = new EffectPayload("terms", "race", Measure.EffectFor("terms"), EffectAxis.Categorical(["White", "Black"]), [0.1, -0.1], [0.1, -0.1], [0.1, -0.1], [8, 1]);
        var sex = new EffectPayload("terms", "sex", Measure.EffectFor("terms"), EffectAxis.Categorical(["Female", "Male"]), [-0.4, 0.4], [-0.5, 0.3], [-0.3, 0.5], [1, 2]);
        var context = new ConditionContext(global);

        var shownAge = (EffectPayload)Inverted.Apply(age, context);
        var k = 0.1 / 0.8;
        Assert.Equal(age.Y.Select(y => y * k), shownAge.Y);
        Assert.Equal(age.BandLow.Select(y => y * k), shownAge.BandLow);
        Assert.Equal(age.X.Numbers, shownAge.X.Numbers);
        Assert.Equal(age.Density, shownAge.Density);
        Assert.Equal(race.Y.Select(y => y * 8), ((EffectPayload)Inverted.Apply(race, context)).Y);
        Assert.Same(sex, Inverted.Apply(sex, context));
    }

    [Fact]
    public void Effect_without_the_real_global_ranking_or_with_zero_importance_fails_with_a_remedy()
    {
        var age = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17]), [0], [0], [0], [1]);
        Assert.Contains("ConditionContext.RealGlobal", Assert.Throws<ConditionException>(() => Inverted.Apply(age, ConditionContext.Empty)).Message);
        var global = new GlobalPayload("terms", Measure.GlobalFor("terms"), [new("age", 0, 0, 0), new("sex", 0.4, 0.4, 0.4)]);
        Assert.Contains("importance 0", Assert.Throws<ConditionException>(() => Inverted.Apply(age, new ConditionContext(global))).Message);
        var other = new GlobalPayload("terms", Measure.GlobalFor("terms"), [new("sex", 0.4, 0.4, 0.4)]);
        Assert.Contains("does not list", Assert.Throws<ConditionException>(() => Inverted.Apply(age, new ConditionContext(other))).Message);
    }
}
