using MisuseLab.Study.Conditions;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class AnswerKeyResolverTests
{
    private static readonly StudyDefinition Kaur = StudyDefinitionLoader.Load(StudyTestFiles.Path("kaur2020.json"));
    private static QuestionDefinition Q(string id) => Kaur.AllQuestions.Single(q => q.Id == id);

    [Fact]
    public void Derived_keys_follow_the_shown_payload_not_the_real_one()
    {
        var real = new GlobalPayload("treeshap", Measure.GlobalFor("treeshap"), [new("relationship", 0.9, 0.9, 0.9), new("age", 0.5, 0.5, 0.5), new("race", 0.01, 0.01, 0.01)]);
        Assert.Equal("relationship", AnswerKeyResolver.Resolve(Q("comp-top-feature"), real));
        Assert.Equal("race", AnswerKeyResolver.Resolve(Q("comp-top-feature"), new InvertedCondition().Apply(real)));
        Assert.Null(AnswerKeyResolver.Resolve(Q("comp-top-feature"), NoExplanationPayload.Instance));

        var rising = new EffectPayload("terms", "age", Measure.EffectFor("terms"), EffectAxis.Numeric([17, 40, 90]), [-1, 0.5, 0.2], [-1, 0.5, 0.2], [-1, 0.5, 0.2], [1, 1, 1]);
        Assert.Equal("yes", AnswerKeyResolver.Resolve(Q("comp-age-rises"), rising));
        Assert.Equal("no", AnswerKeyResolver.Resolve(Q("comp-age-rises"), new SignFlippedCondition().Apply(rising)));
    }

    [Fact]
    public void Literal_keys_and_unkeyed_questions()
    {
        Assert.Equal("38", AnswerKeyResolver.Resolve(Q("comp-age-spike"), null));
        Assert.Equal("no", AnswerKeyResolver.Resolve(Q("comp-misclassified"), null));
        Assert.Null(AnswerKeyResolver.Resolve(Q("rate-model-reasonable"), null));
        Assert.Equal("b", AnswerKeyResolver.ForwardSimulation(0.2, 0.7));
        Assert.Equal("a", AnswerKeyResolver.ForwardSimulation(0.9, 0.7));
        Assert.Null(AnswerKeyResolver.ForwardSimulation(0.5, 0.5));
    }
}
