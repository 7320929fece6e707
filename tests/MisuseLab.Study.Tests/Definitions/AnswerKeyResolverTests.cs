using MisuseLab.Study.Manipulations;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class AnswerKeyResolverTests
{
    private static readonly StudyDefinition Kaur = StudyDefinitionLoader.Load(StudyTestFiles.Path("kaur2020.json"));
    private static QuestionDefinition Q(string id) => Kaur.AllQuestions.Single(q => q.Id == id);

    // kaur2020 2.0 asks neither "which feature matters most" nor the leading spike question; both keys stay available to other studies.
    private static readonly QuestionDefinition TopFeature = new("top", QuestionKind.Choice, "Top?", true, null, ["relationship", "age", "race"], AnswerKey.From(DerivedKey.ShownTopFeature), null, null, false);
    private static readonly QuestionDefinition Spike = new("spike", QuestionKind.Choice, "Spike?", true, null, ["25", "38", "50", "65", "I see no spike"], AnswerKey.From(DerivedKey.ShownEffectSpike), null, null, false);

    [Fact]
    public void Derived_keys_follow_the_shown_payload_not_the_real_one()
    {
        var real = new GlobalPayload("treeshap", Measure.GlobalFor("treeshap"), [new("relationship", 0.9, 0.9, 0.9), new("age", 0.5, 0.5, 0.5), new("race", 0.01, 0.01, 0.01)]);
        Assert.Equal("relationship", AnswerKeyResolver.Resolve(TopFeature, real));
        Assert.Equal("race", AnswerKeyResolver.Resolve(TopFeature, new InvertedManipulation().Apply(real)));
        Assert.Null(AnswerKeyResolver.Resolve(TopFeature, NoExplanationPayload.Instance));

        var rising = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17, 40, 90]), [-1, 0.5, 0.2], [-1, 0.5, 0.2], [-1, 0.5, 0.2], [1, 1, 1]);
        Assert.Equal("yes", AnswerKeyResolver.Resolve(Q("age-mc"), rising));
        Assert.Equal("race", AnswerKeyResolver.Resolve(Q("global-mc"), real)); // shown-rank-3
        Assert.Equal("no", AnswerKeyResolver.Resolve(Q("age-mc"), new SignFlippedManipulation().Apply(rising)));
    }

    [Fact]
    public void The_spike_key_is_the_offered_age_where_the_shown_curve_has_a_prominent_extremum_else_no_spike()
    {
        // Ages 24..66 on a straight rising line; range = 0.42, so a spike must stand out by ≥ 3% of it ≈ 0.0126.
        var x = Enumerable.Range(24, 43).Select(a => (double)a).ToArray();
        EffectPayload Curve(Func<int, double> y) =>
            new("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric(x), x.Select(a => y((int)a)), x.Select(a => y((int)a)), x.Select(a => y((int)a)), x.Select(_ => 1.0));
        var line = Curve(a => 0.01 * (a - 24));
        Assert.Null(AnswerKeyResolver.Resolve(Spike, null));
        Assert.Equal("I see no spike", AnswerKeyResolver.Resolve(Spike, line));
        // A dip at 38 of 0.05 below both neighbours (prominence 0.05 − 0.01 = 0.04, about 9% of the range).
        var dip = Curve(a => 0.01 * (a - 24) - (a == 38 ? 0.05 : 0));
        Assert.Equal("38", AnswerKeyResolver.Resolve(Spike, dip));
        // Rescaling (the inverted condition's effect view) keeps the answer; a step at 25 is not a spike.
        Assert.Equal("38", AnswerKeyResolver.Resolve(Spike, Curve(a => 0.2 * (0.01 * (a - 24) - (a == 38 ? 0.05 : 0)))));
        Assert.Equal("I see no spike", AnswerKeyResolver.Resolve(Spike, Curve(a => a >= 25 ? 1 : 0)));
        // A smaller bump (prominence 0.005 ≈ 1% of the range) is not a spike.
        Assert.Equal("I see no spike", AnswerKeyResolver.Resolve(Spike, Curve(a => 0.01 * (a - 24) + (a == 50 ? 0.015 : 0))));
    }

    [Fact]
    public void Literal_keys_and_unkeyed_questions()
    {
        Assert.Equal("No", AnswerKeyResolver.Resolve(Q("misclassified-mc"), null));
        Assert.Equal("avg-model-reasonable", Kaur.Analysis!.Averages[2].Id);
        Assert.Null(AnswerKeyResolver.Resolve(Q("global-model-reasonable"), null));
        Assert.Equal("b", AnswerKeyResolver.ForwardSimulation(0.2, 0.7));
        Assert.Equal("a", AnswerKeyResolver.ForwardSimulation(0.9, 0.7));
        Assert.Null(AnswerKeyResolver.ForwardSimulation(0.5, 0.5));
    }
}
