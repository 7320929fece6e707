using System.Data.Common;
using Microsoft.Data.Sqlite;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;
using SQLitePCL;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// The app's real SQLite connection factory, with every SQL statement SQLite starts counted (sqlite3_trace on each
/// connection handed out). The connections stay the real <see cref="SqliteConnection"/>s — the dialect's locked
/// transactions need them — so this counts at the engine: BEGIN and COMMIT of a transaction count too. The PRAGMAs
/// every opened connection runs (SqliteDialect.Pragmas) are recorded but not counted: they configure the connection,
/// they are not the request's queries.
/// </summary>
public sealed class CountingSqlite : IDbConnectionFactory
{
    private readonly IDbConnectionFactory _inner;
    private readonly strdelegate_trace _onStatement;
    private readonly List<string> _log = [];
    private int _statements;

    public CountingSqlite(IDbConnectionFactory inner)
    {
        _inner = inner;
        _onStatement = (_, sql) =>
        {
            lock (_log) _log.Add(sql);
            if (!sql.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _statements);
        };
    }

    public int Statements => Volatile.Read(ref _statements);

    /// <summary>Every statement run since <paramref name="from"/> (an earlier <see cref="LogLength"/>), for messages.</summary>
    public IReadOnlyList<string> Since(int from)
    {
        lock (_log) return _log.Skip(from).ToList();
    }

    public int LogLength
    {
        get { lock (_log) return _log.Count; }
    }

    public ISqlDialect Dialect => _inner.Dialect;

    public string ConnectionString => _inner.ConnectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => Traced(await _inner.OpenAsync(cancellationToken));

    public async Task<DbConnection> OpenForWriteAsync(CancellationToken cancellationToken = default) => Traced(await _inner.OpenForWriteAsync(cancellationToken));

    public DbConnection Open() => Traced(_inner.Open());

    private DbConnection Traced(DbConnection connection)
    {
        // Set on every hand-out: a pooled handle keeps its callback, and setting the same one again changes nothing.
        raw.sqlite3_trace(((SqliteConnection)connection).Handle, _onStatement, null);
        return connection;
    }
}
