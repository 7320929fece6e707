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
        Assert.Equal(0.4, page.Progress); // <progress max="5" value="2">, as _Progress.cshtml writes it
        Assert.Empty(page.FieldErrors);
        Assert.False(page.RefreshesItself);
        Assert.True(new HtmlPage("""<head><meta http-equiv="refresh" content="10" /></head>""").RefreshesItself);
        Assert.True(new HtmlPage("""<section class="panel narrow" aria-live="polite" data-recheck="10"><h1>Almost ready</h1></section>""").RefreshesItself);
    }

    // Markup a browser reads one way and the former regex reader read another (each case failed against it).
    [Fact]
    public void Attributes_in_any_order_and_quoting_are_read_with_their_entities_decoded()
    {
        var page = new HtmlPage("""
            <head><meta content='5' http-equiv=Refresh></head>
            <div data-answers-url='/api/study/a&amp;b/answers'></div>
            <progress value="3" max="4">75%</progress>
            <form id='page-form' method=POST action='/study/a&amp;b/page/1'>
              <input value='x&quot;y' type=hidden name=extra>
              <input value="2" type="radio" name="answer.rate" checked><input name="answer.rate" type="radio" value="3">
            </form>
            """);
        Assert.True(page.RefreshesItself);
        Assert.Equal("/api/study/a&b/answers", page.DataAttribute("data-answers-url"));
        Assert.Equal(0.75, page.Progress);
        var form = Assert.Single(page.Forms);
        Assert.Equal(("page-form", "post", "/study/a&b/page/1"), (form.Id, form.Method, form.Action));
        Assert.Equal([new KeyValuePair<string, string>("extra", "x\"y")], form.HiddenValues);
        var radio = Assert.Single(form.Fields, f => f.Kind == "radio");
        Assert.Equal(["2", "3"], radio.Options);
        Assert.Equal("2", radio.Value);
    }

    [Fact]
    public void Text_is_read_through_nested_markup_and_only_from_the_element_with_that_id()
    {
        var page = new HtmlPage("""
            <head><title>Q&amp;A · <b>MisuseLab</b></title></head>
            <span data-id="completion-code">not this</span>
            <p class="completion-code" id="completion-code"><strong>ABC</strong>123</p>
            <span class="field-error field-validation-error" data-valmsg-for="Email">Enter an <em>email</em> address.</span>
            <p class="field-error" role="alert"></p>
            """);
        Assert.Equal("ABC123", page.TextOfId("completion-code"));
        Assert.Null(page.TextOfId("missing"));
        Assert.Equal("Q&A · <b>MisuseLab</b>", page.Title); // a title holds text only: the tags are its characters
        Assert.Equal(["Enter an email address."], page.FieldErrors);
        Assert.Null(page.Progress);
    }

    [Fact]
    public void Forms_hold_the_controls_a_browser_would_submit_and_nothing_in_comments_or_scripts()
    {
        var page = new HtmlPage("""
            <!-- <form action="/old" method="post"><input name="answer.old" value="1"></form> -->
            <script>const template = '<form action="/fake"><input name="answer.fake"></form>';</script>
            <form id="page-form" method="post" action="/study/demo/page/3">
              <select name="answer.top"><option>age</option><option selected>sex</option><option value="">Choose…</option></select>
              <input name="answer.locked" value="1" disabled>
              <textarea name="answer.why">kept &lt;text&gt;</textarea>
              <input type="submit" name="decision" value="agree" id="agree"><button type="button" id="help">Help</button>
            </form>
            <input form="page-form" type="hidden" name="dwell_ms" value="40">
            """);
        var form = Assert.Single(page.Forms);
        Assert.Equal(["answer.top", "answer.why", "dwell_ms"], form.Fields.Select(f => f.Name));
        var select = form.Fields[0];
        Assert.Equal(["age", "sex"], select.Options); // an option without value= sends its text
        Assert.Equal("sex", select.Value);
        Assert.Equal("kept <text>", form.Fields[1].Value);
        Assert.Equal([new KeyValuePair<string, string>("dwell_ms", "40")], form.HiddenValues);
        Assert.Equal(new FormButton("decision", "agree", "agree"), Assert.Single(form.Buttons));
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
