using System.Data.Common;
using System.Text.Json;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Responses;

/// <summary>
/// All SQL for <c>answers</c>, <c>background_answers</c> and <c>events</c>. Writes succeed only while the participant
/// is in progress (consented or active), and answers only on the page the participant is on: the condition is part of
/// each statement, so a finished session or a page already left cannot be changed even by a request that raced the
/// finish or the page's submit (a second tab, a double click, a slow autosave).
/// </summary>
public sealed class ResponseRepository(IDbConnectionFactory connections)
{
    /// <summary>Longest event detail stored, in characters; larger details are refused.</summary>
    public const int MaxEventDetailLength = 4096;

    /// <summary>The event that ends a page (with its dwell time); stored at most once per participant and page.</summary>
    public const string PageSubmitEvent = "page.submit";

    private const string InProgress = "EXISTS (SELECT 1 FROM participants p WHERE p.id = @ParticipantId AND p.status IN ('consented', 'active') AND p.screened_out_at IS NULL)";

    private const string UpsertAnswer =
        "ON CONFLICT (participant_id, item_id) DO UPDATE SET page_id = excluded.page_id, value = excluded.value, " +
        "stimulus_sha256 = excluded.stimulus_sha256, updated_at = excluded.updated_at";

    // Active on page @Page, and kept there until the writing transaction ends: the share lock makes a submit of the
    // page (an UPDATE of current_page) wait for this write, or makes this write wait for the submit's commit and then
    // find the page left. Without it PostgreSQL would check the last committed row and write beside an uncommitted move.
    private string OnPage =>
        "EXISTS (SELECT 1 FROM participants p WHERE p.id = @ParticipantId AND p.status = 'active' AND p.current_page = @Page" + connections.Dialect.ShareLock + ")";

    /// <summary>
    /// Saves answers given on page <paramref name="page"/> (an index into the version's pages) in one transaction: a new
    /// item is inserted, an item answered before is updated (value, page, stimulus, updated_at; answered_at kept).
    /// Returns false and stores nothing when the participant is not active or is no longer (or not yet) on that page.
    /// </summary>
    public async Task<bool> SaveAnswersAsync(long participantId, int page, IReadOnlyList<AnswerInput> answers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = dialect.TimestampParameter(now);
        foreach (var a in answers)
        {
            // INSERT … SELECT … WHERE: SQLite needs the WHERE to parse ON CONFLICT after a SELECT, and it carries the guard.
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO answers (participant_id, page_id, item_id, value, stimulus_sha256, answered_at, updated_at) " +
                "SELECT @ParticipantId, @PageId, @ItemId, @Value, @StimulusSha256, @At, @At WHERE " + OnPage + " " + UpsertAnswer,
                new { ParticipantId = participantId, Page = page, a.PageId, a.ItemId, a.Value, a.StimulusSha256, At = at }, transaction, cancellationToken: cancellationToken));
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task<bool> SaveAnswerAsync(long participantId, int page, AnswerInput answer, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        SaveAnswersAsync(participantId, page, [answer], now, cancellationToken);

    /// <summary>
    /// Clears the answer to <paramref name="itemId"/> (the participant emptied it), under the same condition as a save:
    /// active on page <paramref name="page"/>. True when the participant is there (whether or not an answer was stored),
    /// false and nothing changed otherwise.
    /// </summary>
    public async Task<bool> ClearAnswerAsync(long participantId, int page, string itemId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { ParticipantId = participantId, Page = page, ItemId = itemId };
        var onPage = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM participants WHERE id = @ParticipantId AND " + OnPage, parameters, transaction, cancellationToken: cancellationToken));
        if (onPage == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM answers WHERE participant_id = @ParticipantId AND item_id = @ItemId", parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Submits page <paramref name="page"/> (id <paramref name="pageId"/>) in one transaction: moves the participant to
    /// the next page, saves <paramref name="answers"/> as <see cref="SaveAnswersAsync"/> does, and records the
    /// <see cref="PageSubmitEvent"/> with <paramref name="detailJson"/>. Returns false and stores nothing when the
    /// participant is not active on that page — a second submit of it (double click, second tab) or a finished session.
    /// Items in <paramref name="cleared"/> (emptied on the submitted form) lose any stored answer in the same transaction.
    /// <paramref name="next"/> is the page to move to (default: the following one; the caller skips pages not shown to the cell).
    /// </summary>
    public async Task<bool> SubmitPageAsync(long participantId, int page, string pageId, IReadOnlyList<AnswerInput> answers, string detailJson, DateTimeOffset now,
        CancellationToken cancellationToken = default, IReadOnlyList<string>? cleared = null, int? next = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentNullException.ThrowIfNull(answers);
        CheckDetail(detailJson);
        if (answers.FirstOrDefault(a => a.PageId != pageId) is { } stray)
        {
            throw new ArgumentException($"Answer to '{stray.ItemId}' is for page '{stray.PageId}', not the submitted page '{pageId}'.", nameof(answers));
        }
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = dialect.TimestampParameter(now);
        // The move comes first: it is the compare-and-set that admits one submit, and its row lock (held to commit) makes
        // autosaves of this page wait for the outcome, so none can land after the submitted answers.
        var moved = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET current_page = @Next WHERE id = @ParticipantId AND status = 'active' AND current_page = @Page",
            new { ParticipantId = participantId, Page = page, Next = next ?? page + 1 }, transaction, cancellationToken: cancellationToken));
        if (moved != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        foreach (var itemId in cleared ?? [])
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM answers WHERE participant_id = @ParticipantId AND item_id = @ItemId",
                new { ParticipantId = participantId, ItemId = itemId }, transaction, cancellationToken: cancellationToken));
        }
        foreach (var a in answers)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO answers (participant_id, page_id, item_id, value, stimulus_sha256, answered_at, updated_at) " +
                "VALUES (@ParticipantId, @PageId, @ItemId, @Value, @StimulusSha256, @At, @At) " + UpsertAnswer,
                new { ParticipantId = participantId, a.PageId, a.ItemId, a.Value, a.StimulusSha256, At = at }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO events (participant_id, page_id, type, detail_json, at) VALUES (@ParticipantId, @PageId, @Type, @Detail, @At) ON CONFLICT DO NOTHING",
            new { ParticipantId = participantId, PageId = pageId, Type = PageSubmitEvent, Detail = detailJson, At = at }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Saves background answers (upsert per item) in one transaction; false and nothing stored when not in progress.</summary>
    public async Task<bool> SaveBackgroundAsync(long participantId, IReadOnlyDictionary<string, string> values, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (item, value) in values)
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO background_answers (participant_id, item_id, value, answered_at) SELECT @ParticipantId, @ItemId, @Value, @At WHERE " + InProgress + " " +
                "ON CONFLICT (participant_id, item_id) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
                new { ParticipantId = participantId, ItemId = item, Value = value, At = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Records an event. <paramref name="detailJson"/> must be a JSON object of at most <see cref="MaxEventDetailLength"/>
    /// characters. Returns false and stores nothing when the participant is not in progress, or when the event is a
    /// second <see cref="PageSubmitEvent"/> for the same page (a double submit: the first one's dwell time stands).
    /// </summary>
    public async Task<bool> AddEventAsync(long participantId, string pageId, string type, string detailJson, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        CheckDetail(detailJson);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            // ON CONFLICT: the unique index on page.submit events (migration 0006); other events never conflict.
            "INSERT INTO events (participant_id, page_id, type, detail_json, at) SELECT @ParticipantId, @PageId, @Type, @Detail, @At WHERE " + InProgress +
            " ON CONFLICT DO NOTHING",
            new { ParticipantId = participantId, PageId = pageId, Type = type, Detail = detailJson, At = connections.Dialect.TimestampParameter(at) },
            cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>A participant's answers, by item id.</summary>
    public async Task<IReadOnlyList<StoredAnswer>> ListAnswersAsync(long participantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await QueryAnswersAsync(connection, "WHERE participant_id = @Id ORDER BY item_id", new { Id = participantId }, cancellationToken);
    }

    /// <summary>Every answer of a study version's participants, by participant then item (for exports).</summary>
    public async Task<IReadOnlyList<StoredAnswer>> ListAnswersByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await QueryAnswersAsync(connection, ByVersion + " ORDER BY participant_id, item_id", new { Id = versionId }, cancellationToken);
    }

    public Task<IReadOnlyList<BackgroundAnswer>> ListBackgroundAsync(long participantId, CancellationToken cancellationToken = default) =>
        QueryBackgroundAsync("WHERE participant_id = @Id ORDER BY item_id", participantId, cancellationToken);

    /// <summary>Every background answer of a study version's participants, by participant then item: one query for an export.</summary>
    public Task<IReadOnlyList<BackgroundAnswer>> ListBackgroundByVersionAsync(long versionId, CancellationToken cancellationToken = default) =>
        QueryBackgroundAsync(ByVersion + " ORDER BY participant_id, item_id", versionId, cancellationToken);

    /// <summary>A participant's events in the order they were recorded.</summary>
    public Task<IReadOnlyList<ParticipantEvent>> ListEventsAsync(long participantId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync("WHERE participant_id = @Id ORDER BY id", participantId, cancellationToken);

    /// <summary>Every event of a study version's participants, by participant then recording order: one query for an export.</summary>
    public Task<IReadOnlyList<ParticipantEvent>> ListEventsByVersionAsync(long versionId, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(ByVersion + " ORDER BY participant_id, id", versionId, cancellationToken);

    private const string ByVersion = "WHERE participant_id IN (SELECT id FROM participants WHERE study_version_id = @Id)";

    private async Task<IReadOnlyList<BackgroundAnswer>> QueryBackgroundAsync(string where, long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<BackgroundRow>(new CommandDefinition(
            "SELECT participant_id AS ParticipantId, item_id AS ItemId, value AS Value, answered_at AS AnsweredAt FROM background_answers " + where,
            new { Id = id }, cancellationToken: cancellationToken));
        return rows.Select(r => new BackgroundAnswer(r.ParticipantId, r.ItemId, r.Value, connections.Dialect.ReadTimestamp(r.AnsweredAt))).ToList();
    }

    private async Task<IReadOnlyList<ParticipantEvent>> QueryEventsAsync(string where, long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT id AS Id, participant_id AS ParticipantId, page_id AS PageId, type AS Type, detail_json AS DetailJson, at AS At FROM events " + where,
            new { Id = id }, cancellationToken: cancellationToken));
        return rows.Select(r => new ParticipantEvent(r.Id, r.ParticipantId, r.PageId, r.Type, r.DetailJson, connections.Dialect.ReadTimestamp(r.At))).ToList();
    }

    private async Task<IReadOnlyList<StoredAnswer>> QueryAnswersAsync(DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<AnswerRow>(new CommandDefinition(
            "SELECT participant_id AS ParticipantId, page_id AS PageId, item_id AS ItemId, value AS Value, stimulus_sha256 AS StimulusSha256, " +
            "answered_at AS AnsweredAt, updated_at AS UpdatedAt FROM answers " + where, parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord(connections.Dialect)).ToList();
    }

    private static void CheckDetail(string detailJson)
    {
        ArgumentNullException.ThrowIfNull(detailJson);
        if (detailJson.Length > MaxEventDetailLength)
        {
            throw new ArgumentException($"Event detail is {detailJson.Length} characters; at most {MaxEventDetailLength} are stored. Send less detail.", nameof(detailJson));
        }
        try
        {
            using var doc = JsonDocument.Parse(detailJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"Event detail must be a JSON object; found {doc.RootElement.ValueKind}.", nameof(detailJson));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Event detail must be valid JSON ({e.Message}).", nameof(detailJson), e);
        }
    }

    private sealed class AnswerRow
    {
        public long ParticipantId { get; init; }
        public string PageId { get; init; } = "";
        public string ItemId { get; init; } = "";
        public string Value { get; init; } = "";
        public string? StimulusSha256 { get; init; }
        public object AnsweredAt { get; init; } = "";
        public object UpdatedAt { get; init; } = "";

        public StoredAnswer ToRecord(ISqlDialect dialect) =>
            new(ParticipantId, PageId, ItemId, Value, StimulusSha256, dialect.ReadTimestamp(AnsweredAt), dialect.ReadTimestamp(UpdatedAt));
    }

    private sealed class BackgroundRow
    {
        public long ParticipantId { get; init; }
        public string ItemId { get; init; } = "";
        public string Value { get; init; } = "";
        public object AnsweredAt { get; init; } = "";
    }

    private sealed class EventRow
    {
        public long Id { get; init; }
        public long ParticipantId { get; init; }
        public string PageId { get; init; } = "";
        public string Type { get; init; } = "";
        public string DetailJson { get; init; } = "";
        public object At { get; init; } = "";
    }
}
