using System.Data.Common;

namespace MisuseLab.Storage.Dialects;

/// <summary>
/// Every difference between the SQL engines MisuseLab runs on, in one place per engine.
/// Repositories write portable SQL and ask the dialect for the rest.
/// </summary>
/// <remarks>
/// Migration files use these tokens, replaced by <see cref="MigrationTokens"/>:
/// <list type="table">
/// <item><term><c>{{id}}</c></term><description>auto-increment 64-bit primary key column type and constraint</description></item>
/// <item><term><c>{{timestamp}}</c></term><description>an instant (UTC); TEXT on SQLite, TIMESTAMPTZ on PostgreSQL</description></item>
/// <item><term><c>{{bytes}}</c></term><description>binary data; BLOB / BYTEA</description></item>
/// <item><term><c>{{bigint}}</c></term><description>64-bit integer; INTEGER / BIGINT</description></item>
/// </list>
/// </remarks>
public interface ISqlDialect
{
    /// <summary><see cref="DatabaseOptions.Sqlite"/> or <see cref="DatabaseOptions.Postgres"/>.</summary>
    string Name { get; }

    /// <summary>Column type text for a migration token name (without braces), or null when unknown.</summary>
    string? MigrationToken(string token);

    /// <summary>A new, unopened connection.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>Session settings applied after every open (SQLite pragmas; nothing on PostgreSQL).</summary>
    Task ConfigureOpenedAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc cref="ConfigureOpenedAsync"/>
    void ConfigureOpened(DbConnection connection);

    /// <summary>
    /// Starts a transaction that holds the engine's write lock for <paramref name="lockName"/> until commit:
    /// SQLite <c>BEGIN IMMEDIATE</c> (the whole database); PostgreSQL <c>pg_advisory_xact_lock</c>.
    /// Use for read-then-write sequences that must not interleave (audit chain, migrations).
    /// </summary>
    Task<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, string lockName, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="lockName"/> inside a write transaction already begun (to append to the audit chain in the
    /// transaction of the action it records): PostgreSQL <c>pg_advisory_xact_lock</c>; nothing on SQLite, whose write
    /// transactions already hold the database's single write lock.
    /// </summary>
    Task LockInTransactionAsync(DbConnection connection, DbTransaction transaction, string lockName, CancellationToken cancellationToken);

    /// <summary>
    /// Suffix for a SELECT (also inside <c>EXISTS (…)</c>) whose rows must not change until the transaction ends: an
    /// UPDATE of them by another transaction waits, and a read that waited sees the committed update. PostgreSQL
    /// <c> FOR SHARE</c> (a plain read there sees the last committed row and does not wait for a writer). Empty on
    /// SQLite, where every write transaction starts <c>BEGIN IMMEDIATE</c> and holds the database's single write lock.
    /// </summary>
    string ShareLock { get; }

    /// <summary><c>INSERT ... ON CONFLICT (keys) DO UPDATE SET ...</c> for the given parameter-named columns.</summary>
    string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns);

    /// <summary>Suffix that makes an INSERT return the generated id column.</summary>
    string ReturningId(string idColumn);

    /// <summary>Value to pass as a parameter for an instant column.</summary>
    object TimestampParameter(DateTimeOffset value);

    /// <summary>Reads an instant column back (SQLite gives text, Npgsql a UTC DateTime).</summary>
    DateTimeOffset ReadTimestamp(object value);

    /// <summary>True when <paramref name="exception"/> reports a unique-constraint violation.</summary>
    bool IsUniqueViolation(Exception exception);
}
