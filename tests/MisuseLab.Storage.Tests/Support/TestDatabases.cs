using MisuseLab.Storage;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Migrations;
using Xunit;

namespace MisuseLab.TestSupport;

/// <summary>An empty database for one test; dispose to delete it.</summary>
public sealed class TestDatabase(DatabaseOptions options, IDbConnectionFactory connections, Func<Task> drop) : IAsyncDisposable
{
    /// <summary>Options that reach this database (to feed a web host or CLI under test).</summary>
    public DatabaseOptions Options { get; } = options;
    public IDbConnectionFactory Connections { get; } = connections;

    /// <summary>Applies the embedded migrations.</summary>
    public async Task<TestDatabase> MigrateAsync()
    {
        await new MigrationRunner(Connections).ApplyAsync();
        return this;
    }

    public ValueTask DisposeAsync() => new(drop());
}

/// <summary>
/// One database engine for tests. Use as an xUnit class fixture; shared tests are abstract generic classes
/// over the engine with one-line subclasses per engine, e.g.
/// <code>public sealed class UserRepositorySqliteTests(SqliteEngine e) : UserRepositoryTests&lt;SqliteEngine&gt;(e);</code>
/// </summary>
public interface ITestDatabaseEngine
{
    string Provider { get; }

    /// <summary>A new, empty database (not migrated); <paramref name="nameHint"/> shows up in its name.</summary>
    Task<TestDatabase> CreateDatabaseAsync(string nameHint);
}

/// <summary>SQLite: one file per database in a temp folder deleted with the fixture.</summary>
public sealed class SqliteEngine : ITestDatabaseEngine, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-sqlite-").FullName;
    private int _counter;

    public string Provider => DatabaseOptions.Sqlite;

    public Task<TestDatabase> CreateDatabaseAsync(string nameHint)
    {
        var file = Path.Combine(_folder, $"{nameHint}-{Interlocked.Increment(ref _counter)}.db");
        var options = new DatabaseOptions { Provider = DatabaseOptions.Sqlite, ConnectionString = $"Data Source={file}" };
        var connections = DbConnectionFactory.Create(options, _folder);
        return Task.FromResult(new TestDatabase(options, connections, () =>
        {
            // Pooled connections keep the file open; release this database's before deleting.
            using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(connections.ConnectionString))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
            }
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
            return Task.CompletedTask;
        }));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a late finaliser; the OS temp cleaner takes it.
        }
    }
}

/// <summary>PostgreSQL: one database per call on the process-wide <see cref="PostgresCluster"/>.</summary>
public sealed class PostgresEngine : ITestDatabaseEngine
{
    // Touching the cluster here makes a missing server fail every test of the class with the reason.
    private readonly PostgresCluster _cluster = PostgresCluster.Shared;

    public string Provider => DatabaseOptions.Postgres;

    public async Task<TestDatabase> CreateDatabaseAsync(string nameHint)
    {
        var connectionString = await _cluster.CreateDatabaseAsync(nameHint);
        var options = new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = connectionString };
        var connections = DbConnectionFactory.Create(options, Path.GetTempPath());
        return new TestDatabase(options, connections, () => _cluster.DropDatabaseAsync(connectionString));
    }
}

/// <summary>
/// Base of shared database tests: a fresh migrated database per test, dropped afterwards.
/// </summary>
public abstract class DatabaseTest<TEngine>(TEngine engine) : IClassFixture<TEngine>, IAsyncLifetime
    where TEngine : class, ITestDatabaseEngine
{
    protected TEngine Engine { get; } = engine;

    private TestDatabase? _database;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");
    protected IDbConnectionFactory Connections => Database.Connections;

    /// <summary>False when a test wants to drive migrations itself.</summary>
    protected virtual bool Migrate => true;

    public virtual async Task InitializeAsync()
    {
        _database = await Engine.CreateDatabaseAsync(GetType().Name);
        if (Migrate)
        {
            await _database.MigrateAsync();
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
