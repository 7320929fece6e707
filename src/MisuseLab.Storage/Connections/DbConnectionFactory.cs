using System.Data.Common;
using Microsoft.Data.Sqlite;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Connections;

/// <summary>The connection factory for both engines; engine-specific set-up comes from the dialect.</summary>
public sealed class DbConnectionFactory : IDbConnectionFactory
{
    public ISqlDialect Dialect { get; }
    public string ConnectionString { get; }

    /// <summary>How long a writer queues in this process before giving up (SQLite's busy_timeout is per statement).</summary>
    private static readonly TimeSpan WriteGateTimeout = TimeSpan.FromSeconds(30);

    private readonly WriteGate? _writeGate;

    private DbConnectionFactory(ISqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        _writeGate = dialect is SqliteDialect ? WriteGate.For(connectionString) : null;
    }

    /// <summary>
    /// Validates <paramref name="options"/> and builds a factory. A relative SQLite data source is resolved
    /// against <paramref name="baseDirectory"/> (content root or current directory) and its folder is created.
    /// </summary>
    public static DbConnectionFactory Create(DatabaseOptions options, string baseDirectory)
    {
        options.ThrowIfInvalid();
        var dialect = SqlDialects.For(options.Provider);
        var connectionString = dialect is SqliteDialect
            ? ResolveSqlite(options.ConnectionString, baseDirectory)
            : options.ConnectionString!;
        return new DbConnectionFactory(dialect, connectionString);
    }

    private static string ResolveSqlite(string? connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString);
        var source = builder.DataSource;
        var inMemory = builder.Mode == SqliteOpenMode.Memory || source == ":memory:" || source.Length == 0;
        if (!inMemory)
        {
            var path = Path.GetFullPath(source, baseDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        return builder.ToString();
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await Dialect.ConfigureOpenedAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbConnection> OpenForWriteAsync(CancellationToken cancellationToken = default)
    {
        if (_writeGate is null) return await OpenAsync(cancellationToken);
        var connection = new GatedSqliteConnection(ConnectionString, await _writeGate.EnterAsync(WriteGateTimeout, cancellationToken));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await Dialect.ConfigureOpenedAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync(); // releases the gate too
            throw;
        }
    }

    public DbConnection Open()
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            connection.Open();
            Dialect.ConfigureOpened(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
