using Dapper;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Coding;

/// <summary>
/// One coder's code of one free-text answer. <see cref="Code"/> may list several codes separated by ';'; an empty code
/// records that the coder reviewed the answer and no code applies.
/// </summary>
public sealed record CoderCode(long ParticipantId, string ItemId, long CoderId, string Code, DateTimeOffset UpdatedAt);

/// <summary>All SQL for <c>free_text_coder_codes</c>: blind codes kept per coder, never merged.</summary>
public sealed class CoderCodeRepository(IDbConnectionFactory connections)
{
    // Same rule as free_text_codes: only final answers (finished participants) are coded.
    private const string Codable =
        "EXISTS (SELECT 1 FROM answers a JOIN participants p ON p.id = a.participant_id " +
        "WHERE a.participant_id = @ParticipantId AND a.item_id = @ItemId AND p.status IN ('completed', 'abandoned'))";

    /// <summary>
    /// Sets (upsert) a coder's code of a participant's answer; an empty code is stored as "reviewed, no code". Returns
    /// false and changes nothing when there is no such answer or its participant has not finished.
    /// </summary>
    /// <exception cref="ArgumentException">The code is longer than <see cref="FreeTextCodeRepository.MaxCodeLength"/> characters.</exception>
    public async Task<bool> SetAsync(long participantId, string itemId, long coderId, string? code, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        var normalised = FreeTextCodeRepository.Normalise(code);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO free_text_coder_codes (participant_id, item_id, coder_id, code, updated_at) " +
            "SELECT @ParticipantId, @ItemId, @CoderId, @Code, @At WHERE " + Codable + " " +
            "ON CONFLICT (participant_id, item_id, coder_id) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
            new { ParticipantId = participantId, ItemId = itemId, CoderId = coderId, Code = normalised, At = connections.Dialect.TimestampParameter(now) },
            cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>Every coder's codes of a study version's participants, by participant, item, then coder.</summary>
    public async Task<IReadOnlyList<CoderCode>> ListByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT participant_id AS ParticipantId, item_id AS ItemId, coder_id AS CoderId, code AS Code, updated_at AS UpdatedAt " +
            "FROM free_text_coder_codes WHERE participant_id IN (SELECT id FROM participants WHERE study_version_id = @Id) " +
            "ORDER BY participant_id, item_id, coder_id",
            new { Id = versionId }, cancellationToken: cancellationToken));
        return rows.Select(r => new CoderCode(r.ParticipantId, r.ItemId, r.CoderId, r.Code, connections.Dialect.ReadTimestamp(r.UpdatedAt))).ToList();
    }

    private sealed class Row
    {
        public long ParticipantId { get; init; }
        public string ItemId { get; init; } = "";
        public long CoderId { get; init; }
        public string Code { get; init; } = "";
        public object UpdatedAt { get; init; } = "";
    }
}
