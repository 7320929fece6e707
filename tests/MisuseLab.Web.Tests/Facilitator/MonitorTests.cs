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
        Assert.Contains("http-equiv=\"refresh\"", empty.Body);

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
