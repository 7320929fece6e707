using MisuseLab.Bots;

namespace MisuseLab.Proof.Tests.Bots;

public sealed class HtmlPageTests
{
    private const string Page = """
        <html><head><title>Which features matter · MisuseLab</title></head><body>
        <form method="post" action="/account/logout"><input name="__RequestVerificationToken" type="hidden" value="nav-token" /><button type="submit">Sign out</button></form>
        <div class="session" data-answers-url="/api/study/demo/answers" data-events-url="/api/study/demo/events">
        <progress max="5" value="2">40%</progress>
        <form method="post" action="/study/demo/page/2" id="page-form" class="page-form" novalidate>
          <select id="q-top-input" name="answer.top-feature"><option value="">Choose…</option><option value="age">age</option><option value="sex" selected="selected">sex</option></select>
          <input type="radio" id="q-r-1" name="answer.rate" value="1" /><input type="radio" id="q-r-2" name="answer.rate" value="2" checked="checked" /><input type="radio" id="q-r-3" name="answer.rate" value="3" />
          <textarea id="q-why-input" name="answer.why" rows="6" maxlength="20"></textarea>
          <input type="hidden" name="dwell_ms" id="dwell-ms" value="" />
          <button type="submit" class="button button-next" id="next">Next</button>
          <input name="__RequestVerificationToken" type="hidden" value="CfDJ8&#x2B;abc" />
        </form></div>
        <p class="completion-code" id="completion-code">ABC123</p>
        </body></html>
        """;

    [Fact]
    public void Reads_forms_their_controls_token_and_buttons_as_a_browser_would_submit_them()
    {
        var page = new HtmlPage(Page);
        Assert.Equal(2, page.Forms.Count);
        var form = page.FormWithId("page-form")!;
        Assert.Equal("/study/demo/page/2", form.Action);
        Assert.Equal("CfDJ8+abc", form.Token); // HTML entities decoded
        Assert.Equal("nav-token", page.FormPostingTo("/account/logout")!.Token);

        var select = form.Fields.Single(f => f.Name == "answer.top-feature");
        Assert.Equal(["age", "sex"], select.Options); // the empty "Choose…" option is not an answer
        Assert.Equal("sex", select.Value);
        var radio = form.Fields.Single(f => f.Name == "answer.rate");
        Assert.Equal(["1", "2", "3"], radio.Options);
        Assert.Equal("2", radio.Value);
        Assert.Equal(20, form.Fields.Single(f => f.Name == "answer.why").MaxLength);
        Assert.Equal([new KeyValuePair<string, string>("dwell_ms", "")], form.HiddenValues);
        Assert.Equal("next", Assert.Single(form.Buttons).Id);

        Assert.Equal("/api/study/demo/answers", page.DataAttribute("data-answers-url"));
        Assert.Equal("ABC123", page.TextOfId("completion-code"));
        Assert.Equal("Which features matter · MisuseLab", page.Title);
        Assert.False(page.RefreshesItself);
        Assert.True(new HtmlPage("""<head><meta http-equiv="refresh" content="10" /></head>""").RefreshesItself);
        Assert.True(new HtmlPage("""<section class="panel narrow" aria-live="polite" data-recheck="10"><h1>Almost ready</h1></section>""").RefreshesItself);
    }

    [Theory]
    [InlineData(BotPolicy.Trusting, "7", "age")]
    [InlineData(BotPolicy.Sceptical, "1", "sex")]
    public void Policies_pick_the_ends_of_scales_and_choices(BotPolicy policy, string rating, string choice)
    {
        var scale = new FormField("answer.r", "radio", ["1", "2", "3", "4", "5", "6", "7"], null, null);
        var options = new FormField("answer.c", "select", ["age", "education", "sex"], null, null);
        Assert.Equal(rating, AnswerPolicy.Choose(scale, policy, new Random(1), 0));
        Assert.Equal(choice, AnswerPolicy.Choose(options, policy, new Random(1), 0));
    }

    [Fact]
    public void Random_policy_is_seeded_valid_and_text_respects_maxlength()
    {
        var scale = new FormField("answer.r", "radio", ["1", "2", "3", "4", "5"], null, null);
        var a = Enumerable.Range(0, 50).Select(_ => AnswerPolicy.Choose(scale, BotPolicy.Random, new Random(42), 0)).Distinct().Single();
        var draws = new Random(42);
        var many = Enumerable.Range(0, 200).Select(_ => AnswerPolicy.Choose(scale, BotPolicy.Random, draws, 0)).ToList();
        Assert.All(many, v => Assert.Contains(v, scale.Options));
        Assert.Equal(5, many.Distinct().Count()); // every point is reachable
        Assert.Equal(a, many[0]);

        var text = AnswerPolicy.Choose(new FormField("answer.t", "textarea", [], null, 12), BotPolicy.Random, new Random(1), 3);
        Assert.Equal(12, text.Length);
    }
}
