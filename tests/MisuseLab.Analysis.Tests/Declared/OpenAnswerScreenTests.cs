using MisuseLab.Analysis.Declared;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>The identical-or-gibberish rule on real answers and on the mashing it is meant to catch.</summary>
public sealed class OpenAnswerScreenTests
{
    [Theory]
    [InlineData("asdfgh")]
    [InlineData("asdf asdf")]
    [InlineData("jjjjjjj")]
    [InlineData("sdfghjk wqrtp")]
    [InlineData("hjkl;")]
    [InlineData("zxcvb nm")]
    [InlineData("qwerty")]
    [InlineData("ababab abab")]
    [InlineData("....")]
    [InlineData("123 456")]
    [InlineData("???")]
    [InlineData("xkcd ppppp")]
    [InlineData("nnnnnn ok")]
    public void Mashing_and_filler_are_gibberish(string answer) => Assert.True(OpenAnswerScreen.IsGibberish(answer), answer);

    [Theory]
    [InlineData("no")]
    [InlineData("N/A")]
    [InlineData("none")]
    [InlineData("ok")]
    [InlineData("SHAP")]
    [InlineData("The age plot spikes at 38, which looks like imputed values.")]
    [InlineData("Education and education-num are redundant; the model uses both.")]
    [InlineData("Hours per week seems binned (30/60/90), strange steps in the curve.")]
    [InlineData("Federal-gov appears under three spellings.")]
    [InlineData("rhythm strengths property keyboard mississippi")]
    [InlineData("Looks fine, asdfgh, but the spike at 38 is odd")]
    [InlineData("I'm not sure; the most important feature was marital status.")]
    [InlineData("Änderungen über Größe")]
    public void Real_answers_are_not_gibberish(string answer) => Assert.False(OpenAnswerScreen.IsGibberish(answer), answer);

    [Fact]
    public void The_same_text_in_every_box_is_identical_whatever_the_spacing_and_case()
    {
        Assert.True(OpenAnswerScreen.Excludes(["The model is fine.", "the model  is fine. ", "THE MODEL IS FINE."]));
        Assert.True(OpenAnswerScreen.Excludes(["good", "", null, "good"]));
    }

    [Fact]
    public void One_answer_different_answers_or_none_do_not_exclude()
    {
        Assert.False(OpenAnswerScreen.Excludes(["The model is fine."]), "a single answer is not 'all identical'");
        Assert.False(OpenAnswerScreen.Excludes(["The model is fine.", "The age spike is odd."]));
        Assert.False(OpenAnswerScreen.Excludes(["", "  ", null]));
        Assert.False(OpenAnswerScreen.Excludes([]));
    }

    [Fact]
    public void One_gibberish_answer_among_real_ones_excludes()
    {
        Assert.True(OpenAnswerScreen.Excludes(["The age spike is odd.", "sdfkjh sdfkjh", "Education is redundant."]));
    }

    [Theory]
    [InlineData("aaaa", true)]
    [InlineData("aaa", false)]
    [InlineData("bcdfg", true)]
    [InlineData("bcdf", false)]
    [InlineData("syzygy", false)]
    [InlineData("ababab", true)]
    [InlineData("ababa", false)]
    [InlineData("ghjk", true)]
    [InlineData("property", false)]
    public void Each_word_rule_has_its_threshold(string word, bool gibberish) => Assert.Equal(gibberish, OpenAnswerScreen.IsGibberishWord(word));
}
