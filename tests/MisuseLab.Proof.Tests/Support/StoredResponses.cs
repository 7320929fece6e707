using Dapper;
using MisuseLab.Bots;
using MisuseLab.TestSupport;

namespace MisuseLab.Proof.Tests.Support;

/// <summary>
/// Reads what the database holds after a bot run, straight from the tables (not through the app), and checks it
/// against what the bots were told was saved.
/// </summary>
public static class StoredResponses
{
    // Classes with setters: Dapper converts each engine's integer widths (PostgreSQL INTEGER is int, SQLite's is long).
    private sealed class ParticipantRow
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string Status { get; init; } = "";
    }

    private sealed class CountRow
    {
        public long ParticipantId { get; init; }
        public string ItemId { get; init; } = "";
        public long Rows { get; init; }
    }

    /// <summary>
    /// Every bot finished; every participant is completed, enrolled once, and has exactly one stored row per page item
    /// and per background item; every answer the server acknowledged is stored with the value last acknowledged.
    /// </summary>
    public static async Task AssertCompleteAndExactlyOnceAsync(TestDatabase database, LaunchedStudy study, BotReport report)
    {
        Assert.True(report.Errors == 0, $"{report.Errors} of {report.Participants} bots failed:\n" + string.Join("\n", report.ErrorDetails.Take(15).Select(e => $"  bot {e.Participant}: {e.Message}")));
        Assert.Equal(report.Participants, report.Completed);
        Assert.Equal(report.Participants, report.CompletionCodes.Distinct().Count());

        await using var connection = await database.Connections.OpenAsync();
        var participants = (await connection.QueryAsync<ParticipantRow>(
            "SELECT p.id AS Id, u.email AS Email, p.status AS Status FROM participants p JOIN users u ON u.id = p.user_id WHERE p.study_version_id = @V",
            new { V = study.Version.Id })).ToList();
        Assert.Equal(report.Participants, participants.Count);
        Assert.Equal(report.Participants, participants.Select(p => p.Email).Distinct().Count());
        Assert.All(participants, p => Assert.Equal("completed", p.Status));

        var pageItems = study.PageItems.Order(StringComparer.Ordinal).ToList();
        var answers = (await connection.QueryAsync<CountRow>(
            "SELECT participant_id AS ParticipantId, item_id AS ItemId, COUNT(*) AS Rows FROM answers GROUP BY participant_id, item_id")).ToList();
        var backgroundItems = study.BackgroundItems.Order(StringComparer.Ordinal).ToList();
        var background = (await connection.QueryAsync<CountRow>(
            "SELECT participant_id AS ParticipantId, item_id AS ItemId, COUNT(*) AS Rows FROM background_answers GROUP BY participant_id, item_id")).ToList();
        foreach (var p in participants)
        {
            var mine = answers.Where(a => a.ParticipantId == p.Id).ToList();
            Assert.True(mine.All(a => a.Rows == 1), $"{p.Email}: items stored more than once: {string.Join(", ", mine.Where(a => a.Rows != 1).Select(a => $"{a.ItemId}×{a.Rows}"))}");
            Assert.Equal(pageItems, mine.Select(a => a.ItemId).Order(StringComparer.Ordinal).ToList());
            var bg = background.Where(a => a.ParticipantId == p.Id).ToList();
            Assert.True(bg.All(a => a.Rows == 1), $"{p.Email}: background items stored more than once");
            Assert.Equal(backgroundItems, bg.Select(a => a.ItemId).Order(StringComparer.Ordinal).ToList());
        }
        Assert.Equal(participants.Count * pageItems.Count, answers.Sum(a => a.Rows));

        // Each page ends once: one page.submit (with its dwell time) per participant and page, whatever was double-clicked.
        var submits = (await connection.QueryAsync<CountRow>(
            "SELECT participant_id AS ParticipantId, page_id AS ItemId, COUNT(*) AS Rows FROM events WHERE type = 'page.submit' GROUP BY participant_id, page_id")).ToList();
        var pagesAfterConsent = study.Definition.Pages.Count - 1;
        Assert.True(submits.All(s => s.Rows == 1), "Pages submitted more than once: " + string.Join(", ", submits.Where(s => s.Rows != 1).Take(10).Select(s => $"participant {s.ParticipantId} {s.ItemId}×{s.Rows}")));
        Assert.Equal(participants.Count * pagesAfterConsent, submits.Count);

        await AssertAcknowledgedStoredAsync(database, report.Acknowledged);
    }

    /// <summary>The last value acknowledged for each (bot, item) is the stored value.</summary>
    public static async Task AssertAcknowledgedStoredAsync(TestDatabase database, IReadOnlyList<AcknowledgedAnswer> acknowledged)
    {
        await using var connection = await database.Connections.OpenAsync();
        var stored = (await connection.QueryAsync<(string Email, string ItemId, string Value)>(
            "SELECT u.email, a.item_id, a.value FROM answers a JOIN participants p ON p.id = a.participant_id JOIN users u ON u.id = p.user_id"))
            .ToDictionary(r => (r.Email, r.ItemId), r => r.Value);
        var last = new Dictionary<(string, string), string>();
        foreach (var a in acknowledged) last[(a.Email, a.Item)] = a.Value;
        Assert.NotEmpty(last);
        var missing = last.Where(kv => !stored.ContainsKey(kv.Key)).Select(kv => $"{kv.Key.Item1} {kv.Key.Item2}").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged answers are not stored, e.g. {string.Join("; ", missing.Take(5))}");
        var wrong = last.Where(kv => stored[kv.Key] != kv.Value).Select(kv => $"{kv.Key.Item1} {kv.Key.Item2}: acknowledged '{kv.Value}', stored '{stored[kv.Key]}'").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} stored answers differ from the last acknowledged value, e.g. {string.Join("; ", wrong.Take(5))}");
    }

    public static async Task<long> CountAnswersAsync(TestDatabase database)
    {
        await using var connection = await database.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM answers");
    }
}
