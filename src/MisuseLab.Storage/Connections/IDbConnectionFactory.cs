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

    /// <summary>Synchronous open, for callers with a synchronous contract (IXmlRepository).</summary>
    DbConnection Open();
}
