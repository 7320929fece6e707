using System.Data.Common;
using System.Globalization;
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

    public async Task ConfigureOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void ConfigureOpened(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
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
