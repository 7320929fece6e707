using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Explanations;

namespace MisuseLab.Study.Tests.Manipulations;

public sealed class InvertedConditionTests
{
    private static readonly InvertedManipulation Inverted = new();

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
            var shown = (GlobalPayload)Inverted.Apply(real, ManipulationContext.Empty);

            Assert.Equal(-1.0, KendallTau(real.Features.Select(f => f.Name).ToList(), shown.Features.Select(f => f.Name).ToList()));
            Assert.Equal(real.Features.Select(f => f.Importance), shown.Features.Select(f => f.Importance));
            Assert.Equal(real.Features[0].Name, shown.Features[^1].Name);
            Assert.Equal(real.ToCanonicalJson(), ((GlobalPayload)Inverted.Apply(shown, ManipulationContext.Empty)).ToCanonicalJson());
        }
    }

    /// <summary>π computed independently: the features with importance &gt; 0 by importance descending (ties by name), paired with the same list reversed; the rest map to themselves.</summary>
    private static Dictionary<string, string> ExpectedMapping(GlobalPayload global)
    {
        var used = global.Features.Where(f => f.Importance > 0).OrderByDescending(f => f.Importance).ThenBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name).ToList();
        var pi = used.Zip(Enumerable.Reverse(used)).ToDictionary(p => p.First, p => p.Second);
        foreach (var f in global.Features.Where(f => f.Importance <= 0)) pi[f.Name] = f.Name;
        return pi;
    }

    [Fact]
    public void Local_contributions_follow_the_one_global_mapping_and_still_add_up_bit_for_bit()
    {
        var gen = new RandomPayloads(22);
        for (var trial = 0; trial < 500; trial++)
        {
            var global = gen.Global(distinct: trial % 2 == 0);
            var real = gen.Local(global.Features.Length);
            var shown = (LocalPayload)Inverted.Apply(real, new ManipulationContext(global));
            var pi = ExpectedMapping(global);

            Assert.Equal(BitConverter.DoubleToInt64Bits(real.ContributionSum), BitConverter.DoubleToInt64Bits(shown.ContributionSum));
            // The generator makes output = base + Σ exactly, so the shown explanation adds up exactly too.
            Assert.Equal(real.Output, shown.Base + shown.ContributionSum);
            foreach (var c in real.Contributions)
            {
                Assert.Equal(real.Find(pi[c.Name])!.Contribution, shown.Find(c.Name)!.Contribution);
                Assert.Equal(c.Value, shown.Find(c.Name)!.Value);
            }
        }
    }

    [Fact]
    public void Local_without_the_real_global_ranking_fails_with_a_remedy()
    {
        var local = new RandomPayloads(23).Local(3);
        Assert.Contains("ManipulationContext.RealGlobal", Assert.Throws<ManipulationException>(() => Inverted.Apply(local, ManipulationContext.Empty)).Message);
    }

    [Fact]
    public void Mean_absolute_shown_local_over_the_sample_is_the_shown_global_importance()
    {
        var gen = new RandomPayloads(24);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = gen.Random.Next(2, 10);
            var locals = Enumerable.Range(0, 40).Select(_ => gen.Local(n)).ToList();
            // A real global view built as mean |local| over those rows, as the builder does for treeshap and terms.
            var names = locals[0].Contributions.Select(c => c.Name).ToList();
            var global = new GlobalPayload("treeshap", Measure.GlobalFor("treeshap"), names.Select(f =>
            {
                var mean = locals.Average(l => Math.Abs(l.Find(f)!.Contribution));
                return new FeatureImportance(f, mean, mean, mean);
            }));
            var context = new ManipulationContext(global);
            var shownGlobal = (GlobalPayload)Inverted.Apply(global, context);
            var shownLocals = locals.Select(l => (LocalPayload)Inverted.Apply(l, context)).ToList();
            foreach (var f in names)
                Assert.Equal(shownGlobal.Find(f)!.Importance, shownLocals.Average(l => Math.Abs(l.Find(f)!.Contribution)), 12);
            var strength = StimulusSetChecks.Check("c", Inverted, [(global, shownGlobal), .. locals.Zip(shownLocals, (a, b) => ((ExplanationPayload)a, (ExplanationPayload)b))],
                global, new GlobalSample(locals), context);
            Assert.True(strength.GlobalLocalGap <= StimulusSetChecks.Tolerance);
        }
    }

    [Fact]
    public void A_flat_feature_is_never_shown_on_top_and_keeps_its_flat_effect()
    {
        var global = new GlobalPayload("treeshap", Measure.GlobalFor("treeshap"), [new("age", 0.8, 0.8, 0.8), new("sex", 0.4, 0.4, 0.4), new("race", 0.1, 0.1, 0.1), new("copy", 0, 0, 0)]);
        var shown = (GlobalPayload)Inverted.Apply(global, new ManipulationContext(global));
        Assert.Equal(["race", "sex", "age", "copy"], shown.Features.Select(f => f.Name));
        Assert.Equal(0, shown.Find("copy")!.Importance);
        var flat = new EffectPayload("treeshap", "copy", Measure.EffectFor("treeshap"), EffectAxis.Numeric([0, 1]), [0, 0], [0, 0], [0, 0], [5, 1]);
        Assert.Same(flat, Inverted.Apply(flat, new ManipulationContext(global)));
        var (tau, used) = StimulusSetChecks.GlobalTau(global, shown);
        Assert.Equal(3, used);
        Assert.Equal(-1.0, tau);
    }

    [Fact]
    public void A_stimulus_set_whose_order_was_not_reversed_enough_fails_the_build()
    {
        // Two used features with equal importance: reversing them changes nothing a participant can see.
        var global = new GlobalPayload("treeshap", Measure.GlobalFor("treeshap"), [new("a", 0.5, 0.5, 0.5), new("b", 0.5, 0.5, 0.5), new("c", 0, 0, 0)]);
        var shown = Inverted.Apply(global, new ManipulationContext(global));
        var e = Assert.Throws<ManipulationException>(() => StimulusSetChecks.Check("cell-x", Inverted, [(global, shown)], global, null, new ManipulationContext(global)));
        Assert.Contains("cell-x", e.Message);
    }

    [Fact]
    public void Effect_is_rescaled_to_the_mirrored_features_importance_keeping_grid_and_direction()
    {
        var global = new GlobalPayload("terms", Measure.GlobalFor("terms"), [new("age", 0.8, 0.7, 0.9), new("sex", 0.4, 0.4, 0.4), new("race", 0.1, 0.05, 0.2)]);
        var age = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17, 38, 60]), [-1, 0.5, 0.25], [-1.5, 0.25, 0], [-0.5, 1, 0.5], [5, 9, 2]);
        var race = new EffectPayload("terms", "race", Measure.EffectFor("terms"), EffectAxis.Categorical(["White", "Black"]), [0.1, -0.1], [0.1, -0.1], [0.1, -0.1], [8, 1]);
        var sex = new EffectPayload("terms", "sex", Measure.EffectFor("terms"), EffectAxis.Categorical(["Female", "Male"]), [-0.4, 0.4], [-0.5, 0.3], [-0.3, 0.5], [1, 2]);
        var context = new ManipulationContext(global);

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
    public void Effect_without_the_real_global_ranking_or_of_an_unlisted_feature_fails_with_a_remedy()
    {
        var age = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17]), [0], [0], [0], [1]);
        Assert.Contains("ManipulationContext.RealGlobal", Assert.Throws<ManipulationException>(() => Inverted.Apply(age, ManipulationContext.Empty)).Message);
        var other = new GlobalPayload("terms", Measure.GlobalFor("terms"), [new("sex", 0.4, 0.4, 0.4)]);
        Assert.Contains("does not list", Assert.Throws<ManipulationException>(() => Inverted.Apply(age, new ManipulationContext(other))).Message);
    }
}
