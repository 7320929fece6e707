using MisuseLab.Platform.Sessions;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Platform.Tests.Sessions;

/// <summary>The question kinds Kaur et al.'s survey needs: what each accepts and the one form stored.</summary>
public sealed class NewQuestionKindRulesTests
{
    private static readonly LikertScale Seven = new(1, 7, new Dictionary<int, string> { [1] = "Not at all", [7] = "Extremely" });

    private static AnswerItem Single(QuestionDefinition q) => Assert.Single(AnswerItem.ItemsOf([q]));

    [Fact]
    public void A_number_is_range_checked_and_stored_in_invariant_form()
    {
        var years = Single(new QuestionDefinition("years", QuestionKind.Number, "Years in role?", true, null, [], null, null, null, false, new NumberRange(0, 50, true, "years")));
        Assert.Null(AnswerRules.Check(years, " 12 ", out var stored));
        Assert.Equal("12", stored);
        Assert.Null(AnswerRules.Check(years, "0", out _));
        Assert.Null(AnswerRules.Check(years, "50", out _));
        Assert.Equal("Expected a number from 0 to 50 years for 'years'; found 51.", AnswerRules.Check(years, "51", out _));
        Assert.Equal("Expected a number from 0 to 50 years for 'years'; found -1.", AnswerRules.Check(years, "-1", out _));
        Assert.Equal("Expected a whole number for 'years'; found 2.5.", AnswerRules.Check(years, "2.5", out _));
        Assert.NotNull(AnswerRules.Check(years, "twelve", out _));
        Assert.NotNull(AnswerRules.Check(years, "1e3", out _));
        Assert.NotNull(AnswerRules.Check(years, "NaN", out _));

        var hours = Single(new QuestionDefinition("hours", QuestionKind.Number, "Hours?", true, null, [], null, null, null, false, new NumberRange(0, 80, false, null)));
        Assert.Null(AnswerRules.Check(hours, "2.50", out stored));
        Assert.Equal("2.5", stored);
    }

    [Fact]
    public void A_multi_select_stores_the_chosen_options_in_option_order_and_rejects_unknown_ones()
    {
        string[] options = ["Global importance", "Age plot", "Local, per person"];
        var q = Single(new QuestionDefinition("used", QuestionKind.MultiSelect, "Which did you use?", true, null, options, null, null, null, false));
        Assert.Null(AnswerRules.Check(q, "2,0", out var stored));
        Assert.Equal("""["Global importance","Local, per person"]""", stored);
        // The stored form is accepted again unchanged (a resubmitted answer is idempotent).
        Assert.Null(AnswerRules.Check(q, stored, out var again));
        Assert.Equal(stored, again);
        Assert.Null(AnswerRules.Check(q, "1,1", out stored));
        Assert.Equal("""["Age plot"]""", stored);

        Assert.Contains("found '3'", AnswerRules.Check(q, "0,3", out _));
        Assert.Contains("found 'Beeswarm'", AnswerRules.Check(q, """["Beeswarm"]""", out _));
        Assert.NotNull(AnswerRules.Check(q, "first", out _));
        Assert.NotNull(AnswerRules.Check(q, "[]", out _));
        Assert.NotNull(AnswerRules.Check(q, "[1,", out _));
    }

    [Fact]
    public void Nasa_tlx_is_six_required_rating_items_on_the_questions_scale()
    {
        var tlx = new QuestionDefinition("tlx", QuestionKind.NasaTlx, "How was the task?", true, Seven, [], null, null, null, false);
        var items = AnswerItem.ItemsOf([tlx]);
        Assert.Equal(["tlx:mental", "tlx:physical", "tlx:temporal", "tlx:performance", "tlx:effort", "tlx:frustration"], items.Select(i => i.ItemId));
        Assert.All(items, i => { Assert.True(i.Required); Assert.True(i.IsRating); Assert.Equal(Seven, i.Scale); });
        Assert.Null(AnswerRules.Check(items[3], "7", out var stored));
        Assert.Equal("7", stored);
        Assert.NotNull(AnswerRules.Check(items[3], "8", out _));
        Assert.NotNull(AnswerRules.Check(items[0], "0", out _));
        // Raw TLX: the plain mean of the six ratings.
        Assert.Equal((3 + 1 + 5 + 2 + 6 + 4) / 6.0, NasaTlx.Score([3, 1, 5, 2, 6, 4]), 12);
        Assert.Throws<ArgumentException>(() => NasaTlx.Score([3, 1, 5, 2, 6]));
    }
}
