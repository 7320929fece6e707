using MisuseLab.Bots;

namespace MisuseLab.Proof.Tests.Bots;

/// <summary>How a bot told a study's entry rule answers the screening item: inside the rule by policy, and every n-th bot just outside.</summary>
public sealed class ScreeningPolicyTests
{
    private static readonly FormField Likert = new("answer.bg-ml-experience", "radio", ["1", "2", "3", "4", "5", "6", "7"], null, null);
    private static readonly FormField Years = new("answer.bg-years", "number", [], null, null, Min: 0, Max: 60, Step: "1");

    [Theory]
    [InlineData(BotPolicy.Trusting, "7")]
    [InlineData(BotPolicy.Sceptical, "3")]
    public void Admitted_bots_answer_the_policys_end_of_the_admitted_values(BotPolicy policy, string expected)
    {
        Assert.Equal(expected, ScreeningPolicy.Choose(Likert, new ScreeningKnowledge("bg-ml-experience", 3, null), policy, new Random(1), 0));
    }

    [Fact]
    public void Every_nth_bot_answers_the_nearest_refused_value_and_the_others_stay_inside()
    {
        var rule = new ScreeningKnowledge("bg-ml-experience", 3, null, ScreenOutEvery: 3);
        var answers = Enumerable.Range(0, 9).Select(i => ScreeningPolicy.Choose(Likert, rule, BotPolicy.Random, new Random(i), i)).ToList();
        // Bots 2, 5 and 8 (the 3rd, 6th and 9th) are screened out with 2, the highest value below the minimum 3.
        Assert.Equal(["2", "2", "2"], new[] { answers[2], answers[5], answers[8] });
        Assert.All(answers.Where((_, i) => (i + 1) % 3 != 0), a => Assert.InRange(int.Parse(a, System.Globalization.CultureInfo.InvariantCulture), 3, 7));

        // A maximum: the number input's lowest value above it.
        var most = new ScreeningKnowledge("bg-years", null, 10, ScreenOutEvery: 1);
        Assert.Equal("11", ScreeningPolicy.Choose(Years, most, BotPolicy.Trusting, new Random(1), 0));
        Assert.Equal("10", ScreeningPolicy.Choose(Years, most with { ScreenOutEvery = 0 }, BotPolicy.Trusting, new Random(1), 0));
        Assert.Equal("0", ScreeningPolicy.Choose(Years, most with { ScreenOutEvery = 0 }, BotPolicy.Sceptical, new Random(1), 0));
    }

    [Fact]
    public void A_rule_no_offered_value_can_meet_is_a_bot_error_naming_the_item()
    {
        var impossible = new ScreeningKnowledge("bg-ml-experience", 8, null);
        Assert.Contains("bg-ml-experience", Assert.Throws<BotException>(() => ScreeningPolicy.Choose(Likert, impossible, BotPolicy.Random, new Random(1), 0)).Message);
        Assert.Contains("Screening", Assert.Single(new BotOptions { BaseUrl = new Uri("http://localhost/"), StudySlug = "s", Screening = new("x", null, null) }.Validate()));
    }
}
