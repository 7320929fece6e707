using System.Text.RegularExpressions;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

[Collection(StudyCollection.Name)]
public sealed class MonitorTests(StudyAppFixture app)
{
    private static int Cell(Exchange page, string cell, string status)
    {
        var row = Regex.Match(page.Body, $"<tr data-cell=\"{cell}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"No row for cell {cell}");
        return int.Parse(Regex.Match(row.Groups[1].Value, $"<td data-status=\"{status}\">(\\d+)</td>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_monitor_counts_participants_per_cell_and_status_as_they_join_and_progress()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);
        await facilitator.LaunchAsync(app, id);
        var definition = StudyValidator.Validate(json).Definition!;

        var empty = await facilitator.GetAsync($"/facilitator/versions/{id}/monitor");
        Assert.Contains("Nobody has joined", empty.Body);
        // No timed reload (axe-core's meta-refresh): monitor.js fetches the numbers from the counts URL instead.
        Assert.DoesNotContain("http-equiv", empty.Body);
        Assert.Contains($"data-counts-url=\"/facilitator/versions/{id}/monitor/counts\"", empty.Body);
        Assert.Contains("<script src=\"/js/monitor.js", empty.Body);

        var (first, background) = await app.JoinAsync(slug);
        await first.AnswerBackgroundAsync(slug, definition, background);
        await app.JoinAsync(slug);

        var people = await app.Participants.ListByVersionAsync(id);
        Assert.Equal(2, people.Count);
        var page = await facilitator.GetAsync($"/facilitator/versions/{id}/monitor");
        Assert.Equal(200, page.Status);
        foreach (var cell in definition.Conditions.Cells.Select(c => c.Id))
        {
            Assert.Equal(people.Count(p => p.CellId == cell && p.Status == ParticipantStatus.Active), Cell(page, cell, "active"));
            Assert.Equal(people.Count(p => p.CellId == cell && p.Status == ParticipantStatus.Consented), Cell(page, cell, "consented"));
            Assert.Equal(people.Count(p => p.CellId == cell), Cell(page, cell, "total"));
        }
        Assert.Contains("<dd id=\"total-active\">1</dd>", page.Body);
        Assert.Contains("<dd id=\"total-consented\">1</dd>", page.Body);
        Assert.All(people, p => Assert.Contains(p.Pseudonym, page.Body));
        // Both sit on the first page after consent ("overview").
        Assert.Equal(2, Regex.Matches(page.Body, "<td>overview</td>").Count);

        var list = await facilitator.GetAsync("/facilitator");
        Assert.Contains($"{people.Count(p => p.CellId == people[0].CellId)} {people[0].Status.ToString().ToLowerInvariant()}", list.Body);
    }

    [Fact]
    public async Task The_counts_endpoint_answers_what_the_page_shows_as_JSON_and_follows_a_new_participant()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);
        await facilitator.LaunchAsync(app, id);
        var definition = StudyValidator.Validate(json).Definition!;
        var cells = definition.Conditions.Cells.Select(c => c.Id).ToList();

        var before = await CountsAsync(facilitator, id);
        Assert.Equal(0, before.GetProperty("participants").GetInt32());
        Assert.Equal(0, before.GetProperty("people").GetArrayLength());
        Assert.Equal(cells, before.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cell").GetString()));
        Assert.Equal(definition.Pages.Select(p => p.Id), before.GetProperty("dropOuts").EnumerateArray().Select(d => d.GetProperty("page").GetString()));

        var (first, background) = await app.JoinAsync(slug);
        await first.AnswerBackgroundAsync(slug, definition, background);
        await app.JoinAsync(slug);

        var people = await app.Participants.ListByVersionAsync(id);
        var after = await CountsAsync(facilitator, id);
        Assert.Equal(people.Count, after.GetProperty("participants").GetInt32());
        Assert.Equal(
            people.Select(p => p.Pseudonym).Order(StringComparer.Ordinal),
            after.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("pseudonym").GetString()!).Order(StringComparer.Ordinal));
        foreach (var row in after.GetProperty("cells").EnumerateArray())
        {
            var cell = row.GetProperty("cell").GetString();
            var counts = row.GetProperty("counts");
            Assert.Equal(people.Count(p => p.CellId == cell && p.Status == ParticipantStatus.Active), counts.GetProperty("active").GetInt32());
            Assert.Equal(people.Count(p => p.CellId == cell && p.Status == ParticipantStatus.Consented), counts.GetProperty("consented").GetInt32());
            Assert.Equal(people.Count(p => p.CellId == cell), row.GetProperty("total").GetInt32());
        }
        Assert.Equal(1, after.GetProperty("totals").GetProperty("active").GetInt32());
        Assert.Equal(1, after.GetProperty("totals").GetProperty("consented").GetInt32());

        // The page prints the same numbers in the places monitor.js writes to.
        var page = await facilitator.GetAsync($"/facilitator/versions/{id}/monitor");
        foreach (var cell in cells)
        {
            var row = after.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cell").GetString() == cell);
            Assert.Equal(row.GetProperty("total").GetInt32(), Cell(page, cell, "total"));
        }

        var missing = await facilitator.GetAsync("/facilitator/versions/987654321/monitor/counts");
        Assert.Equal(404, missing.Status);
        Assert.Contains("987654321", missing.Body);
    }

    private static async Task<System.Text.Json.JsonElement> CountsAsync(ParticipantClient facilitator, long id)
    {
        var response = await facilitator.GetAsync($"/facilitator/versions/{id}/monitor/counts");
        Assert.Equal(200, response.Status);
        Assert.Contains("application/json", response.Headers, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no-store", response.Headers, StringComparison.OrdinalIgnoreCase);
        return System.Text.Json.JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    [Fact]
    public void Participants_idle_past_the_drop_out_time_count_as_dropped_on_their_page()
    {
        var now = new DateTimeOffset(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);
        ParticipantActivity Person(long id, string cell, ParticipantStatus status, int page, double idleMinutes) =>
            new(id, $"P-{id}", cell, status, page, now.AddHours(-2), null, now.AddMinutes(-idleMinutes));
        var activity = new[]
        {
            Person(1, "a", ParticipantStatus.Active, 2, 5),
            Person(2, "a", ParticipantStatus.Active, 2, 30),       // exactly the drop-out time: dropped
            Person(3, "b", ParticipantStatus.Consented, 1, 45),
            Person(4, "b", ParticipantStatus.Completed, 4, 90),    // finished long ago: not a drop-out
            Person(5, "b", ParticipantStatus.Abandoned, 3, 10),
            Person(6, "a", ParticipantStatus.Withdrawn, 2, 1),
            Person(7, "b", ParticipantStatus.Active, 1, 29.9),
        };

        var summary = MonitorSummary.Build(["a", "b"], ["consent", "overview", "global", "local", "debrief"], activity, now, TimeSpan.FromMinutes(30));

        Assert.Equal(1, summary.Count("a", MonitorStatus.Active));
        Assert.Equal(1, summary.Count("a", MonitorStatus.Dropped));
        Assert.Equal(1, summary.Count("b", MonitorStatus.Dropped));
        Assert.Equal(1, summary.Count("b", MonitorStatus.Active));
        Assert.Equal(1, summary.Count("b", MonitorStatus.Completed));
        Assert.Equal(0, summary.Count("b", MonitorStatus.Consented));
        Assert.Equal(2, summary.Total(MonitorStatus.Dropped));
        Assert.Equal(7, summary.Cells.Sum(summary.CellTotal));
        Assert.Equal([("consent", 0), ("overview", 1), ("global", 2), ("local", 1), ("debrief", 0)], summary.DropOutsPerPage);
        Assert.Equal("global", summary.Participants.Single(p => p.Activity.Id == 2).PageId);
    }
}
