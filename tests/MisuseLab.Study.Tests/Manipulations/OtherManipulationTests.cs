using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Explanations;

namespace MisuseLab.Study.Tests.Manipulations;

public sealed class OtherManipulationTests
{
    [Fact]
    public void Sign_flip_negates_contributions_so_the_shown_sum_is_the_negated_real_sum()
    {
        var gen = new RandomPayloads(31);
        for (var trial = 0; trial < 200; trial++)
        {
            var real = gen.Local();
            var shown = (LocalPayload)new SignFlippedManipulation().Apply(real, ManipulationContext.Empty);
            // Negation reorders ±a ties in canonical order, so the sum is the negated one up to rounding only.
            Assert.Equal(-real.ContributionSum, shown.ContributionSum, 1e-12);
            Assert.Equal(real.Output, shown.Output);
            foreach (var c in real.Contributions) Assert.Equal(-c.Contribution, shown.Find(c.Name)!.Contribution);
        }
    }

    [Fact]
    public void Sign_flip_mirrors_effect_and_band_and_leaves_global_importances()
    {
        var effect = new EffectPayload("treeshap", "age", Measure.EffectFor("treeshap"), EffectAxis.Numeric([1, 2]), [-1, 2], [-1.5, 1], [0, 3], [1, 1]);
        var shown = (EffectPayload)new SignFlippedManipulation().Apply(effect, ManipulationContext.Empty);
        Assert.Equal([1.0, -2.0], shown.Y.ToArray());
        Assert.Equal([0.0, -3.0], shown.BandLow.Select(v => v + 0.0).ToArray());
        Assert.Equal([1.5, -1.0], shown.BandHigh.ToArray());
        var global = new RandomPayloads(1).Global();
        Assert.Same(global, new SignFlippedManipulation().Apply(global, ManipulationContext.Empty));
    }

    [Fact]
    public void Randomized_model_is_identity_on_payloads_and_asks_for_the_randomized_model()
    {
        var condition = new RandomizedModelManipulation();
        var local = new RandomPayloads(2).Local();
        Assert.Same(local, condition.Apply(local, ManipulationContext.Empty));
        Assert.Equal(PayloadSource.RandomizedModel, condition.Source);
        Assert.False(Invariants.Holds(Invariants.TrainedModel, condition, local, local));
    }

    [Fact]
    public void Example_based_shows_the_contexts_examples_and_fails_without_them()
    {
        var gen = new RandomPayloads(3);
        var examples = gen.Examples();
        var condition = new ExampleBasedManipulation();
        Assert.Same(examples, condition.Apply(gen.Local(), new ManipulationContext(Examples: examples)));
        Assert.Same(examples, condition.Apply(gen.Global(), new ManipulationContext(Examples: examples)));
        Assert.Contains("ManipulationContext.Examples", Assert.Throws<ManipulationException>(() => condition.Apply(gen.Local(), ManipulationContext.Empty)).Message);
        Assert.Equal(PayloadSource.Examples, condition.Source);
    }

    [Fact]
    public void None_replaces_every_explanation_by_an_empty_payload()
    {
        var gen = new RandomPayloads(4);
        var global = gen.Global();
        foreach (var p in new ExplanationPayload[] { global, gen.Local(), gen.Effect(global) })
            Assert.Same(NoExplanationPayload.Instance, new NoExplanationManipulation().Apply(p, ManipulationContext.Empty));
    }
}
