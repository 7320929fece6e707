using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Coding;

/// <summary>An analyst's code for one free-text answer; <see cref="Code"/> may list several codes separated by ';'.</summary>
public sealed record FreeTextCode(long ParticipantId, string ItemId, string Code, DateTimeOffset UpdatedAt);

/// <summary>All SQL for <c>free_text_codes</c>.</summary>
public sealed class FreeTextCodeRepository(IDbConnectionFactory connections)
{
    /// <summary>Longest code string stored, in characters.</summary>
    public const int MaxCodeLength = 200;

    // The answer must exist and its participant must have finished: codes describe final answers, and a participant
    // in progress may still withdraw (which deletes the answer the code would describe).
    private const string Codable =
        "EXISTS (SELECT 1 FROM answers a JOIN participants p ON p.id = a.participant_id " +
        "WHERE a.participant_id = @ParticipantId AND a.item_id = @ItemId AND p.status IN ('completed', 'abandoned'))";

    /// <summary>
    /// Sets (upsert) or, for an empty <paramref name="code"/>, clears the code of a participant's answer. Returns false and
    /// changes nothing when there is no such answer or its participant has not finished.
    /// </summary>
    /// <exception cref="ArgumentException">The code is longer than <see cref="MaxCodeLength"/> characters.</exception>
    public async Task<bool> SetAsync(long participantId, string itemId, string? code, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        return await SetAsync(connection, null, participantId, itemId, code, now, cancellationToken);
    }

    /// <summary>
    /// Sets or clears several codes (as <see cref="SetAsync(long, string, string?, DateTimeOffset, CancellationToken)"/>) in
    /// one transaction with <paramref name="audit"/>'s entries, given how many codes changed. Returns that count.
    /// </summary>
    public async Task<int> SetManyAsync(IReadOnlyList<(long ParticipantId, string ItemId, string? Code)> codes, DateTimeOffset now,
        AuditInTransaction<int> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(audit);
        foreach (var (_, itemId, _) in codes) ArgumentException.ThrowIfNullOrWhiteSpace(itemId, nameof(codes));
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var (participantId, itemId, code) in codes)
        {
            if (await SetAsync(connection, transaction, participantId, itemId, code, now, cancellationToken)) changed++;
        }
        await audit.WriteAsync(connection, transaction, changed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<bool> SetAsync(DbConnection connection, DbTransaction? transaction, long participantId, string itemId, string? code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trimmed = Normalise(code);
        var parameters = new { ParticipantId = participantId, ItemId = itemId, Code = trimmed, At = connections.Dialect.TimestampParameter(now) };
        if (trimmed.Length == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM free_text_codes WHERE participant_id = @ParticipantId AND item_id = @ItemId AND " + Codable, parameters, transaction, cancellationToken: cancellationToken));
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT CASE WHEN " + Codable + " THEN 1 ELSE 0 END", parameters, transaction, cancellationToken: cancellationToken)) == 1;
        }
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO free_text_codes (participant_id, item_id, code, updated_at) SELECT @ParticipantId, @ItemId, @Code, @At WHERE " + Codable + " " +
            "ON CONFLICT (participant_id, item_id) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
            parameters, transaction, cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>Every code of a study version's participants, by participant then item.</summary>
    public async Task<IReadOnlyList<FreeTextCode>> ListByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT participant_id AS ParticipantId, item_id AS ItemId, code AS Code, updated_at AS UpdatedAt FROM free_text_codes " +
            "WHERE participant_id IN (SELECT id FROM participants WHERE study_version_id = @Id) ORDER BY participant_id, item_id",
            new { Id = versionId }, cancellationToken: cancellationToken));
        return rows.Select(r => new FreeTextCode(r.ParticipantId, r.ItemId, r.Code, connections.Dialect.ReadTimestamp(r.UpdatedAt))).ToList();
    }

    /// <summary>Trims the code and each ';'-separated part; throws when it is too long.</summary>
    public static string Normalise(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "";
        var parts = code.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join("; ", parts);
        if (joined.Length > MaxCodeLength)
        {
            throw new ArgumentException($"A code is at most {MaxCodeLength} characters; found {joined.Length}. Use shorter code names (several codes are separated by ';').", nameof(code));
        }
        return joined;
    }

    /// <summary>The single codes of a code string ("a; b" → a, b).</summary>
    public static IReadOnlyList<string> Split(string? code) =>
        string.IsNullOrWhiteSpace(code) ? [] : code.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private sealed class Row
    {
        public long ParticipantId { get; init; }
        public string ItemId { get; init; } = "";
        public string Code { get; init; } = "";
        public object UpdatedAt { get; init; } = "";
    }
}
