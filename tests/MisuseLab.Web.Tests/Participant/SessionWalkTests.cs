using System.Text.Json;
using System.Text.RegularExpressions;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// Whole sessions of kaur2020, one for every cell: everything a participant does is stored with the stimulus they
/// saw, and nothing a participant receives before the debrief names their condition.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed partial class SessionWalkTests(StudyAppFixture app)
{
    [GeneratedRegex(@"\breal\b", RegexOptions.IgnoreCase)]
    private static partial Regex RealAsWord();

    /// <summary>Walks a complete session; returns the participant and every response up to (not including) the debrief.</summary>
    private async Task<(ParticipantRecord Participant, ParticipantClient Client, List<Exchange> BeforeDebrief, Exchange Debrief, Exchange Done)> WalkAsync()
    {
        var client = app.NewClient();
        var page = await client.EnrolAsync();
        var pages = app.Definition.Pages;
        var levels = app.Definition.Cell((await client.MeAsync()).CellId).Levels;
        // Pages for another cell (kaur2020's tutorial of the other tool) are skipped: the walk follows the server.
        for (var index = 1; index < pages.Count - 1; index = SessionSteps.CurrentIndex(page))
        {
            Assert.Equal(200, page.Status);
            Assert.EndsWith($"/page/{index}", page.Url);
            Assert.True(pages[index].IsShownTo(levels), $"page {pages[index].Id} is not for cell {string.Join(",", levels)}");
            Assert.Contains($"Step {index} of {pages.Count - 1}", page.Body);
            var token = ParticipantClient.TokenOf(page);
            if (pages[index].Kind is PageKind.Global or PageKind.Effect or PageKind.Local)
            {
                var hover = await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/events", "{\"type\":\"chart.hover\",\"page\":" + index + ",\"detail\":{\"chart\":\"c-1\",\"point\":{\"x\":\"age\"}}}", token);
                Assert.Equal(204, hover.Status);
            }
            var answers = ParticipantClient.ValidAnswers(pages[index].Questions).ToList();
            var items = AnswerItem.ItemsOf(pages[index].Questions);
            // Autosave a different value first, so the submit must update (not duplicate) the stored row.
            var draft = items.Count == 0 ? null : items[0].Question.Kind switch { QuestionKind.Likert => "1", QuestionKind.Text => "draft", _ => null };
            if (draft is not null)
            {
                var saved = await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers", JsonSerializer.Serialize(new { item = items[0].ItemId, value = draft }), token);
                Assert.Equal(204, saved.Status);
            }
            page = await client.SubmitPageAsync(page, index, answers);
        }
        var beforeDebrief = client.Log.Take(client.Log.Count - 1).ToList(); // all but the debrief page itself
        var debrief = page;
        Assert.EndsWith($"/page/{pages.Count - 1}", debrief.Url);
        var done = await client.FollowAsync(await client.PostFormAsync($"/study/{StudyAppFixture.Slug}/finish", [new("choice", "complete")], ParticipantClient.TokenOf(debrief)));
        return (await client.MeAsync(), client, beforeDebrief, debrief, done);
    }

    /// <summary>Walks sessions until every cell has been walked once (assignment decides who gets which cell).</summary>
    private async Task<Dictionary<string, (ParticipantRecord Participant, List<Exchange> BeforeDebrief, Exchange Debrief, Exchange Done)>> WalkEveryCellAsync()
    {
        var cells = app.Definition.Conditions.Cells.Select(c => c.Id).ToHashSet();
        var walked = new Dictionary<string, (ParticipantRecord, List<Exchange>, Exchange, Exchange)>();
        for (var attempt = 0; attempt < 24 && walked.Count < cells.Count; attempt++)
        {
            var (participant, _, before, debrief, done) = await WalkAsync();
            walked.TryAdd(participant.CellId, (participant, before, debrief, done));
        }
        Assert.Equal(cells.Order(), walked.Keys.Order());
        return walked;
    }

    [Fact]
    public async Task A_session_in_every_cell_stores_each_answer_once_with_its_stimulus_and_ends_completed()
    {
        var walked = await WalkEveryCellAsync();

        foreach (var (cell, (participant, _, debrief, done)) in walked)
        {
            Assert.Equal(ParticipantStatus.Completed, participant.Status);
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{10}$", participant.CompletionCode);
            Assert.Contains(participant.CompletionCode!, done.Body);
            Assert.Contains(app.Definition.Debrief.ConditionTexts[cell], debrief.Body);

            var answers = await app.Responses.ListAnswersAsync(participant.Id);
            var expectedItems = app.Definition.Pages.SelectMany(p => AnswerItem.ItemsOf(p.Questions).Select(i => (Page: p.Id, i.ItemId))).ToList();
            Assert.Equal(expectedItems.Select(e => e.ItemId).Order(StringComparer.Ordinal), answers.Select(a => a.ItemId));
            foreach (var answer in answers)
            {
                var page = app.Definition.Page(answer.PageId);
                Assert.Equal(expectedItems.Single(e => e.ItemId == answer.ItemId).Page, answer.PageId);
                var expectedValue = ParticipantClient.ValidAnswers(page.Questions).Single(v => v.Key == "answer." + answer.ItemId).Value;
                // A multi-select is sent as option numbers and stored as the options' texts.
                if (page.Questions.SingleOrDefault(q => q.Id == answer.ItemId) is { Kind: QuestionKind.MultiSelect } multi)
                    expectedValue = MultiSelectAnswer.Normalise(multi.Options, MultiSelectAnswer.Parse(expectedValue, multi.Options, out _)!);
                Assert.Equal(expectedValue, answer.Value);
                var placed = await app.Stimuli.FindAsync(participant.StudyVersionId, cell, page.Id);
                Assert.Equal(placed?.Sha256, answer.StimulusSha256);
                if (answer.StimulusSha256 is not null)
                {
                    // The hash re-opens exactly what this participant saw: their cell's stimulus of that page.
                    var stimulus = StimulusSerializer.Deserialize((await app.Stimuli.GetAsync(answer.StimulusSha256))!.CanonicalJson);
                    Assert.Equal(answer.StimulusSha256, StimulusSerializer.Hash(stimulus));
                    Assert.Equal((cell, page.Id), (stimulus.Condition, stimulus.Page));
                }
            }
            Assert.Contains(answers, a => a.StimulusSha256 is not null);

            var background = await app.Responses.ListBackgroundAsync(participant.Id);
            Assert.Equal(app.Definition.Background.Select(q => q.Id).Order(StringComparer.Ordinal), background.Select(b => b.ItemId));

            var events = await app.Responses.ListEventsAsync(participant.Id);
            // Every page of the cell (the other tool's tutorial is neither viewed nor submitted).
            foreach (var page in app.Definition.Pages.Skip(1).Where(p => p.IsShownTo(app.Definition.Cell(cell).Levels)))
            {
                Assert.Contains(events, e => e.PageId == page.Id && e.Type == "page.view");
                var submit = Assert.Single(events, e => e.PageId == page.Id && e.Type == "page.submit");
                using var detail = JsonDocument.Parse(submit.DetailJson);
                Assert.True(detail.RootElement.GetProperty("dwell_ms").GetInt64() >= 0);
            }
            Assert.Equal(app.Definition.Pages.Count(p => p.Kind is PageKind.Global or PageKind.Effect or PageKind.Local), events.Count(e => e.Type == "chart.hover"));
        }
    }

    [Fact]
    public async Task Nothing_a_participant_receives_before_the_debrief_names_their_condition()
    {
        var walked = await WalkEveryCellAsync();
        var definition = app.Definition;
        // A factor names the manipulation when its level alone decides which manipulation a cell gets ("fidelity":
        // real/inverted). The tool factor (gam/shap) does not: it is visible by design, as the explainer itself.
        var revealing = definition.Conditions.Factors.Where(f => definition.Conditions.Cells
            .GroupBy(c => c.Levels[f.Name]).All(g => g.Select(c => c.Manipulation).Distinct().Count() == 1)).ToList();
        Assert.Contains(revealing, f => f.Name == "fidelity");
        var forbidden = definition.Conditions.Cells.Select(c => c.Id)
            .Concat(revealing.Select(f => f.Name))
            .Concat(revealing.SelectMany(f => f.Levels).Where(l => l != "real"))
            .Concat(definition.Conditions.Cells.Select(c => c.Manipulation).Where(m => m != "real"))
            .Concat(["invert", "manipulat", "condition"])
            .Distinct().ToList();

        foreach (var (cell, (_, beforeDebrief, debrief, _)) in walked)
        {
            Assert.True(beforeDebrief.Count > 20, $"expected the whole session to be recorded, found {beforeDebrief.Count} responses");
            foreach (var exchange in beforeDebrief)
            {
                var text = exchange.Headers + "\n" + exchange.Location + "\n" + exchange.Body;
                foreach (var word in forbidden)
                {
                    Assert.False(text.Contains(word, StringComparison.OrdinalIgnoreCase),
                        $"Cell {cell}: {exchange.Method} {exchange.Url} ({exchange.Status}) contains '{word}'.");
                }
                Assert.False(RealAsWord().IsMatch(text), $"Cell {cell}: {exchange.Method} {exchange.Url} contains the level name 'real'.");
            }
            // The scan can see a condition where one is named: the debrief names it.
            var named = forbidden.Any(w => debrief.Body.Contains(w, StringComparison.OrdinalIgnoreCase)) || RealAsWord().IsMatch(debrief.Body);
            Assert.True(named, $"Cell {cell}: the debrief should reveal the condition, and the scan should see it.");
        }

        var scripts = app.NewClient();
        foreach (var script in new[] { "/js/charts.js", "/js/answers.js" })
        {
            var body = (await scripts.GetAsync(script)).Body;
            Assert.NotEmpty(body);
            Assert.DoesNotContain(forbidden, w => body.Contains(w, StringComparison.OrdinalIgnoreCase));
        }
    }
}
