using System.Data.Common;
using System.Text.Json;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// Append-only, hash-chained log of what people did (accounts created, studies launched, exports ...).
/// Appends are serialised by the dialect's locked transaction (SQLite BEGIN IMMEDIATE, PostgreSQL
/// advisory lock), so concurrent writers from any number of processes keep one gapless chain.
/// </summary>
public sealed class AuditLog(IDbConnectionFactory connections, TimeProvider clock)
{
    public const string LockName = "audit-log";

    public AuditLog(IDbConnectionFactory connections) : this(connections, TimeProvider.System) { }

    /// <summary>
    /// Appends an entry. <paramref name="payloadJson"/> must be valid JSON (use "{}" when there is nothing
    /// to add); it is stored and hashed exactly as given.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(string actor, string action, string entity, string payloadJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!AuditActor.IsValid(actor))
        {
            throw new ArgumentException($"Audit actors are 'user/{{id}}' or 'system/{{component}}' (AuditActor); found '{actor}'.", nameof(actor));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(payloadJson);
        EnsureJson(payloadJson);

        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, LockName, cancellationToken);
        var last = await connection.QuerySingleOrDefaultAsync<LastLink>(new CommandDefinition(
            "SELECT seq AS Seq, hash AS Hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken));
        var seq = (last?.Seq ?? 0) + 1;
        var prevHash = last?.Hash ?? AuditHash.Genesis;
        var at = SqlDialects.ToStoragePrecision(clock.GetUtcNow());
        var hash = AuditHash.Compute(seq, at, actor, action, entity, payloadJson, prevHash);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (seq, at, actor, action, entity, payload_json, prev_hash, hash) " +
            "VALUES (@Seq, @At, @Actor, @Action, @Entity, @PayloadJson, @PrevHash, @Hash)",
            new { Seq = seq, At = dialect.TimestampParameter(at), Actor = actor, Action = action, Entity = entity, PayloadJson = payloadJson, PrevHash = prevHash, Hash = hash },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new AuditEntry(seq, at, actor, action, entity, payloadJson, prevHash, hash);
    }

    /// <summary>Entries with seq ≥ <paramref name="fromSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long fromSeq = 1, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE seq >= @FromSeq ORDER BY seq LIMIT @Limit", new { FromSeq = fromSeq, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry(connections.Dialect)).ToList();
    }

    /// <summary>
    /// Entries about <paramref name="entity"/> or anything under it (<c>{entity}/…</c>), oldest first — e.g. a study and
    /// its versions. Filtered in SQL with substr, not LIKE, so no character of an id acts as a wildcard.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        var prefix = entity + "/";
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE entity = @Entity OR substr(entity, 1, @PrefixLength) = @Prefix ORDER BY seq",
            new { Entity = entity, Prefix = prefix, PrefixLength = prefix.Length }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry(connections.Dialect)).ToList();
    }

    internal const string SelectColumns =
        "SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, entity AS Entity, payload_json AS PayloadJson, " +
        "prev_hash AS PrevHash, hash AS Hash FROM audit_log";

    /// <summary>Every entry, oldest first, streamed (not buffered) from <paramref name="connection"/>.</summary>
    internal static IEnumerable<AuditEntry> Stream(DbConnection connection, ISqlDialect dialect) =>
        connection.Query<Row>(SelectColumns + " ORDER BY seq", buffered: false).Select(r => r.ToEntry(dialect));

    private static void EnsureJson(string payloadJson)
    {
        try
        {
            using var _ = JsonDocument.Parse(payloadJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Audit payload must be valid JSON ({e.Message}); pass \"{{}}\" when there is nothing to record.", nameof(payloadJson), e);
        }
    }

    private sealed class LastLink
    {
        public long Seq { get; init; }
        public string Hash { get; init; } = "";
    }

    private sealed class Row
    {
        public long Seq { get; init; }
        public object At { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public string PayloadJson { get; init; } = "";
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";

        public AuditEntry ToEntry(ISqlDialect dialect) =>
            new(Seq, dialect.ReadTimestamp(At), Actor, Action, Entity, PayloadJson, PrevHash, Hash);
    }
}
