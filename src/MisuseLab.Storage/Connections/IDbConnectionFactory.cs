using System.Data.Common;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Connections;

/// <summary>Opens connections to the configured database, already set up for the engine.</summary>
public interface IDbConnectionFactory
{
    ISqlDialect Dialect { get; }

    /// <summary>The connection string in use (SQLite paths resolved to absolute).</summary>
    string ConnectionString { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a connection for a write (a statement or transaction that changes data). On SQLite the writers of this
    /// process queue asynchronously for the database's single write lock and hold it until the returned connection is
    /// disposed (see WriteGate); on PostgreSQL this is <see cref="OpenAsync"/>, since rows lock
    /// themselves. Never open a second write connection while holding one: it would wait for itself until the gate times out.
    /// </summary>
    Task<DbConnection> OpenForWriteAsync(CancellationToken cancellationToken = default);

    /// <summary>Synchronous open, for callers with a synchronous contract (IXmlRepository).</summary>
    DbConnection Open();
}
