using MisuseLab.Platform.Sessions;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Tests.Sessions;

public sealed class AnswerRulesTests
{
    private static QuestionDefinition Text(int? maxLength) => new("t", QuestionKind.Text, "Say", false, null, [], null, maxLength, null, false);

    [Fact]
    public void Text_is_capped_by_the_question_and_never_beyond_the_global_cap()
    {
        var unlimited = new AnswerItem("t", Text(null), false);
        var generous = new AnswerItem("t", Text(100_000), false);

        Assert.Null(AnswerRules.Check(unlimited, new string('x', AnswerRules.MaxTextLength), out _));
        Assert.Contains($"at most {AnswerRules.MaxTextLength}", AnswerRules.Check(unlimited, new string('x', AnswerRules.MaxTextLength + 1), out _));
        Assert.Contains($"at most {AnswerRules.MaxTextLength}", AnswerRules.Check(generous, new string('x', AnswerRules.MaxTextLength + 1), out _));
    }

    [Fact]
    public void A_trial_records_a_person_and_its_confidence_rating_as_two_items()
    {
        var scale = new LikertScale(1, 7, new Dictionary<int, string> { [1] = "Guessing", [7] = "Certain" });
        var trial = new QuestionDefinition("trial-01", QuestionKind.ForwardSimulation, "Which?", true, scale, [], null, null, 0.2, false);

        var items = AnswerItem.ItemsOf([trial]);

        Assert.Equal(["trial-01", "trial-01:confidence"], items.Select(i => i.ItemId));
        Assert.Null(AnswerRules.Check(items[0], "b", out _));
        Assert.NotNull(AnswerRules.Check(items[0], "Person B", out _));
        Assert.Null(AnswerRules.Check(items[1], " 7 ", out var normalised));
        Assert.Equal("7", normalised);
        Assert.NotNull(AnswerRules.Check(items[1], "8", out _));
    }
}
