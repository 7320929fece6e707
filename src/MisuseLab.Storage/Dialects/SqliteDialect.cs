using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace MisuseLab.Storage.Dialects;

/// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    /// <summary>How long a writer waits for another writer before failing with "database is locked".</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    // WAL lets readers run beside the single writer; synchronous=FULL makes a commit durable before it is acknowledged.
    private static readonly string Pragmas =
        "PRAGMA journal_mode=WAL; " +
        "PRAGMA busy_timeout=" + BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture) + "; " +
        "PRAGMA foreign_keys=ON; " +
        "PRAGMA synchronous=FULL;";

    private SqliteDialect() { }

    public string Name => DatabaseOptions.Sqlite;

    public string? MigrationToken(string token) => token switch
    {
        // AUTOINCREMENT: ids are never reused, even after the newest row is deleted.
        "id" => "INTEGER PRIMARY KEY AUTOINCREMENT",
        "timestamp" => "TEXT",
        "bytes" => "BLOB",
        "bigint" => "INTEGER",
        _ => null,
    };

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    // Microsoft.Data.Sqlite pools the native handles behind its connections, and every pragma above outlives a
    // close-and-reopen from the pool (busy_timeout, foreign_keys and synchronous belong to the handle; journal_mode=WAL
    // is stored in the database file). So they run once per native handle, not on every open: a study page opens two or
    // three connections, and four PRAGMA statements each were a measurable share of its CPU (see README's Performance).
    // Nothing in the code changes a pragma after this, so a handle marked here still has them all.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public async Task ConfigureOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (IsConfigured(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkConfigured(connection);
    }

    public void ConfigureOpened(DbConnection connection)
    {
        if (IsConfigured(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    private static bool IsConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Configured.AddOrUpdate(handle, Marker);
    }

    public Task<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, string lockName, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the database's single write lock now rather than at the first write,
        // so two read-then-write sequences cannot both read the same state. busy_timeout makes the second wait.
        var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return Task.FromResult<DbTransaction>(transaction);
    }

    public Task LockInTransactionAsync(DbConnection connection, DbTransaction transaction, string lockName, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    // Microsoft.Data.Sqlite's BeginTransaction is BEGIN IMMEDIATE (deferred: false), and a write statement outside a
    // transaction takes the write lock before it reads: no row can change under a writer, so nothing to add.
    public string ShareLock => "";

    public string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> valueColumns) =>
        SqlDialects.OnConflictUpsert(table, keyColumns, valueColumns);

    public string ReturningId(string idColumn) => $" RETURNING {idColumn}";

    public object TimestampParameter(DateTimeOffset value) => SqlDialects.FormatTimestamp(value);

    public DateTimeOffset ReadTimestamp(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        DateTimeOffset instant => instant,
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        _ => throw new StorageException($"Expected a timestamp stored as text, found {value.GetType().Name} '{value}'."),
    };

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
