using System.Data.Common;
using System.Text.Json;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// Append-only, HMAC-chained log of what people did (accounts created, studies launched, exports ...). An entry is
/// written in the transaction of the action it records (<see cref="AppendAsync(DbConnection, DbTransaction, AuditRecord, CancellationToken)"/>),
/// so an action that rolls back leaves no entry and an entry that cannot be written rolls the action back. Appends are
/// serialised by the audit lock (SQLite's single write lock, a PostgreSQL advisory lock), so concurrent writers from any
/// number of processes keep one gapless chain.
/// </summary>
public sealed class AuditLog
{
    public const string LockName = "audit-log";

    private readonly IDbConnectionFactory _connections;
    private readonly AuditKeyRing? _keys;
    private readonly TimeProvider _clock;

    /// <param name="keys">Null for a reader only: appending then fails, naming the missing key.</param>
    public AuditLog(IDbConnectionFactory connections, AuditKeyRing? keys, TimeProvider clock)
    {
        _connections = connections;
        _keys = keys;
        _clock = clock;
    }

    public AuditLog(IDbConnectionFactory connections, AuditKeyRing? keys = null) : this(connections, keys, TimeProvider.System) { }

    /// <summary>
    /// Appends an entry in a transaction of its own: for events that are themselves the action (an export, a failed
    /// launch). <paramref name="payloadJson"/> must be valid JSON (use "{}" when there is nothing to add); it is stored
    /// and hashed exactly as given.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(string actor, string action, string entity, string payloadJson, CancellationToken cancellationToken = default)
    {
        var record = new AuditRecord(actor, action, entity, payloadJson);
        Validate(record);
        await using var connection = await _connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await _connections.Dialect.BeginLockedTransactionAsync(connection, LockName, cancellationToken);
        var entry = await AppendAsync(connection, transaction, record, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// Appends <paramref name="record"/> inside <paramref name="transaction"/>, a write transaction of the action it
    /// records: the entry commits or rolls back with the action. Call it last in the transaction (it takes the audit
    /// lock, which is held to commit; taking other locks after it could deadlock).
    /// </summary>
    public async Task<AuditEntry> AppendAsync(DbConnection connection, DbTransaction transaction, AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        Validate(record);
        var keys = _keys ?? throw new AuditKeyException(
            "No audit key: set MisuseLab:Audit:Keys:<id> (base64, 32+ bytes) or MisuseLab:Audit:KeyFile; see docs/deployment.md.");
        var dialect = _connections.Dialect;
        await dialect.LockInTransactionAsync(connection, transaction, LockName, cancellationToken);
        var last = await connection.QuerySingleOrDefaultAsync<LastLink>(new CommandDefinition(
            "SELECT seq AS Seq, hash AS Hash FROM audit_log ORDER BY seq DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken));
        var seq = (last?.Seq ?? 0) + 1;
        var prevHash = last?.Hash ?? AuditHash.Genesis;
        var at = SqlDialects.ToStoragePrecision(_clock.GetUtcNow());
        var keyId = keys.CurrentKeyId;
        var hash = AuditHash.Compute(seq, at, record.Actor, record.Action, record.Entity, record.PayloadJson, prevHash, keyId, keys.CurrentKey);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (seq, at, actor, action, entity, payload_json, prev_hash, hash, key_id) " +
            "VALUES (@Seq, @At, @Actor, @Action, @Entity, @PayloadJson, @PrevHash, @Hash, @KeyId)",
            new { Seq = seq, At = dialect.TimestampParameter(at), record.Actor, record.Action, record.Entity, record.PayloadJson, PrevHash = prevHash, Hash = hash, KeyId = keyId },
            transaction, cancellationToken: cancellationToken));
        return new AuditEntry(seq, at, record.Actor, record.Action, record.Entity, record.PayloadJson, prevHash, hash, keyId);
    }

    /// <summary>Entries for a repository write to append in its transaction, computed from the write's result.</summary>
    public AuditInTransaction<TResult> InTransaction<TResult>(Func<TResult, IEnumerable<AuditRecord>> records) => new(this, records);

    /// <summary>One entry for a repository write to append in its transaction.</summary>
    public AuditInTransaction<TResult> InTransaction<TResult>(Func<TResult, AuditRecord> record) => new(this, r => [record(r)]);

    /// <summary>The newest entry's seq and hash (<see cref="AuditHead.Empty"/> for an empty log).</summary>
    public async Task<AuditHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var last = await connection.QuerySingleOrDefaultAsync<LastLink>(new CommandDefinition(
            "SELECT seq AS Seq, hash AS Hash FROM audit_log ORDER BY seq DESC LIMIT 1", cancellationToken: cancellationToken));
        return last is null ? AuditHead.Empty : new AuditHead(last.Seq, last.Hash);
    }

    private static void Validate(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Actor, nameof(record));
        if (!AuditActor.IsValid(record.Actor))
        {
            throw new ArgumentException($"Audit actors are 'user/{{id}}' or 'system/{{component}}' (AuditActor); found '{record.Actor}'.", nameof(record));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action, nameof(record));
        ArgumentNullException.ThrowIfNull(record.Entity, nameof(record));
        ArgumentNullException.ThrowIfNull(record.PayloadJson, nameof(record));
        EnsureJson(record);
    }

    /// <summary>Entries with seq ≥ <paramref name="fromSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long fromSeq = 1, int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE seq >= @FromSeq ORDER BY seq LIMIT @Limit", new { FromSeq = fromSeq, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry(_connections.Dialect)).ToList();
    }

    /// <summary>
    /// Entries about <paramref name="entity"/> or anything under it (<c>{entity}/…</c>), oldest first — e.g. a study and
    /// its versions. Filtered in SQL with substr, not LIKE, so no character of an id acts as a wildcard.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadEntityAsync(string entity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entity);
        var prefix = entity + "/";
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE entity = @Entity OR substr(entity, 1, @PrefixLength) = @Prefix ORDER BY seq",
            new { Entity = entity, Prefix = prefix, PrefixLength = prefix.Length }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry(_connections.Dialect)).ToList();
    }

    internal const string SelectColumns =
        "SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, entity AS Entity, payload_json AS PayloadJson, " +
        "prev_hash AS PrevHash, hash AS Hash, key_id AS KeyId FROM audit_log";

    /// <summary>Every entry, oldest first, streamed (not buffered) from <paramref name="connection"/>.</summary>
    internal static IEnumerable<AuditEntry> Stream(DbConnection connection, ISqlDialect dialect) =>
        connection.Query<Row>(SelectColumns + " ORDER BY seq", buffered: false).Select(r => r.ToEntry(dialect));

    private static void EnsureJson(AuditRecord record)
    {
        try
        {
            using var _ = JsonDocument.Parse(record.PayloadJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Audit payload must be valid JSON ({e.Message}); pass \"{{}}\" when there is nothing to record.", nameof(record), e);
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
        public string KeyId { get; init; } = "";

        public AuditEntry ToEntry(ISqlDialect dialect) =>
            new(Seq, dialect.ReadTimestamp(At), Actor, Action, Entity, PayloadJson, PrevHash, Hash, KeyId);
    }
}
