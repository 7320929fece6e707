using System.Diagnostics;
using System.Text.Json;
using MisuseLab.Platform.Studies;
using MisuseLab.Web.Tests.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>
/// The page budget: a study page does constant work. The SQL commands each participant request sends are counted at
/// the connection factory (<see cref="StudyAppFixture.Counting"/>), so a change that adds a query per page — or one per
/// question, per answer, per earlier page — fails here. Requests run one at a time (the collection is sequential), so
/// every command counted between two requests was sent by the request in between.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class PageBudgetTests(StudyAppFixture app, ITestOutputHelper output)
{
    // Statements SQLite runs, PRAGMAs aside. An account participant's request reads the account (its role or lockout may
    // have changed; a link participant's needs no such read: the session query checks the link), then: a page view reads
    // the session and the page's saved answers and writes one view event; an autosave reads the session and writes one
    // answer in one transaction (BEGIN IMMEDIATE, INSERT … ON CONFLICT UPDATE, COMMIT). The study definition, its items
    // and the stimuli come from process caches.
    private const int AccountCheck = 1;
    public const int PageViewCommands = AccountCheck + 3;
    public const int AutosaveCommands = AccountCheck + 1 + 3;

    [Fact]
    public async Task A_page_view_and_an_autosave_send_the_same_few_commands_on_every_page()
    {
        var client = app.NewClient();
        var page = await client.EnrolAsync();
        var pages = app.Definition.Pages;
        var runtime = new StudyRuntime(app.Definition);
        var views = new List<int>();
        var saves = new List<int>();
        var elapsed = new List<double>();
        var levels = app.Definition.Cell((await client.MeAsync()).CellId).Levels;
        // Every page of the participant's cell: the other tool's tutorial is skipped by the server.
        for (var index = 1; index < pages.Count - 1; index = SessionSteps.CurrentIndex(page))
        {
            var url = $"/study/{StudyAppFixture.Slug}/page/{index}";
            var before = app.Counting.Statements;
            var logAt = app.Counting.LogLength;
            var watch = Stopwatch.StartNew();
            var view = await client.GetAsync(url);
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
            views.Add(app.Counting.Statements - before);
            if (index == 1) output.WriteLine("page view statements:\n  " + string.Join("\n  ", app.Counting.Since(logAt)));
            Assert.Equal(200, view.Status);

            var items = runtime.ItemsOfPage(index);
            var answers = ParticipantClient.ValidAnswers(pages[index].Questions).ToList();
            if (items.Count > 0)
            {
                var first = answers.First(a => a.Key == "answer." + items[0].ItemId);
                before = app.Counting.Statements;
                logAt = app.Counting.LogLength;
                var save = await client.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers",
                    JsonSerializer.Serialize(new { item = items[0].ItemId, value = first.Value }), ParticipantClient.TokenOf(view));
                saves.Add(app.Counting.Statements - before);
                if (saves.Count == 1) output.WriteLine("autosave statements:\n  " + string.Join("\n  ", app.Counting.Since(logAt)));
                Assert.Equal(204, save.Status);
            }
            page = await client.SubmitPageAsync(view, index, answers);
            var next = index + 1;
            while (!pages[next].IsShownTo(levels)) next++;
            Assert.EndsWith($"/page/{next}", page.Url);
        }
        output.WriteLine($"page views: commands {string.Join(",", views)}; ms {string.Join(",", elapsed.Select(e => e.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        output.WriteLine($"autosaves: commands {string.Join(",", saves)}");

        Assert.NotEmpty(saves);
        Assert.All(views, n => Assert.Equal(PageViewCommands, n));
        Assert.All(saves, n => Assert.Equal(AutosaveCommands, n));
    }
}
