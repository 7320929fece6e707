using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Connections;

public sealed class SqliteConnectionSettingsTests(SqliteEngine engine) : DatabaseTest<SqliteEngine>(engine)
{
    [Fact]
    public async Task Every_connection_runs_with_wal_busy_timeout_foreign_keys_and_full_sync()
    {
        await using var connection = await Connections.OpenAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(5000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // 2 = FULL
    }

    [Fact]
    public async Task A_pooled_handle_keeps_its_settings_and_is_not_configured_again()
    {
        var statements = new List<string>();
        SQLitePCL.strdelegate_trace trace = (_, sql) => { lock (statements) statements.Add(sql); };
        await using (var first = await Connections.OpenAsync())
        {
            // The trace stays on the native handle, which the pool hands out again below.
            SQLitePCL.raw.sqlite3_trace(((Microsoft.Data.Sqlite.SqliteConnection)first).Handle, trace, null);
        }
        foreach (var open in new Func<Task<System.Data.Common.DbConnection>>[] { () => Connections.OpenAsync(), () => Connections.OpenForWriteAsync() })
        {
            lock (statements) statements.Clear();
            await using var again = await open();
            lock (statements) Assert.DoesNotContain(statements, sql => sql.Contains("PRAGMA", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(("wal", 5000L, 1L, 2L), (await again.ExecuteScalarAsync<string>("PRAGMA journal_mode"), await again.ExecuteScalarAsync<long>("PRAGMA busy_timeout"),
                await again.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), await again.ExecuteScalarAsync<long>("PRAGMA synchronous")));
        }
        GC.KeepAlive(trace);
    }

    [Fact]
    public async Task Without_pooling_every_new_handle_is_configured()
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Connections.ConnectionString) { Pooling = false };
        var unpooled = DbConnectionFactory.Create(new DatabaseOptions { Provider = DatabaseOptions.Sqlite, ConnectionString = builder.ToString() }, Path.GetTempPath());
        for (var i = 0; i < 2; i++)
        {
            await using var connection = await unpooled.OpenAsync();
            Assert.Equal((5000L, 1L, 2L), (await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"),
                await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")));
        }
    }

    [Fact]
    public async Task Writers_wait_their_turn_in_arrival_order_and_a_write_connection_has_the_same_settings()
    {
        // A second factory for the same file, as the web app's and the CLI's would be in one process: one queue.
        var other = DbConnectionFactory.Create(Database.Options, Path.GetTempPath());
        var first = await Connections.OpenForWriteAsync();
        Assert.Equal(5000L, await first.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));

        var second = other.OpenForWriteAsync();
        var third = Connections.OpenForWriteAsync();
        Assert.False(second.IsCompleted, "a second writer got in while the first held the write gate");
        Assert.False(third.IsCompleted);

        await first.DisposeAsync();
        await using (var secondConnection = await second)
        {
            Assert.False(third.IsCompleted, "the third writer overtook the second");
        }
        await using var thirdConnection = await third;
        Assert.Equal(1L, await thirdConnection.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task A_write_that_fails_releases_the_gate()
    {
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(async () =>
        {
            await using var connection = await Connections.OpenForWriteAsync();
            await connection.ExecuteAsync("INSERT INTO no_such_table VALUES (1)");
        });

        var next = Connections.OpenForWriteAsync();
        Assert.True(next.IsCompleted, "the failed write kept the gate");
        await using var _ = await next;
    }

    [Fact]
    public async Task A_burst_of_concurrent_writers_all_commit()
    {
        await using (var setup = await Connections.OpenForWriteAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE burst (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
        }

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async writer =>
        {
            await Task.Yield();
            await using var connection = await Connections.OpenForWriteAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("INSERT INTO burst (writer) VALUES (@Writer)", new { Writer = writer }, transaction);
            await transaction.CommitAsync();
        }));

        await using var reader = await Connections.OpenAsync();
        Assert.Equal(200L, await reader.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT writer) FROM burst"));
    }
}

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void Default_sqlite_file_resolves_under_the_base_directory_app_data()
    {
        var baseDirectory = Directory.CreateTempSubdirectory("misuselab-root-").FullName;
        try
        {
            var factory = DbConnectionFactory.Create(new DatabaseOptions(), baseDirectory);

            Assert.Contains(Path.Combine(baseDirectory, "App_Data", "misuselab.db"), factory.ConnectionString);
            Assert.True(Directory.Exists(Path.Combine(baseDirectory, "App_Data")));
            Assert.Equal(DatabaseOptions.Sqlite, factory.Dialect.Name);
        }
        finally
        {
            Directory.Delete(baseDirectory, recursive: true);
        }
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_setting_name()
    {
        var unknown = new DatabaseOptions { Provider = "oracle" }.Validate();
        var postgresWithoutConnection = new DatabaseOptions { Provider = "Postgres" }.Validate();

        Assert.Contains("MisuseLab:Database:Provider: expected 'sqlite' or 'postgres', found 'oracle'", Assert.Single(unknown));
        Assert.Contains("MisuseLab:Database:ConnectionString: required for PostgreSQL", Assert.Single(postgresWithoutConnection));
        Assert.Throws<StorageConfigurationException>(() => DbConnectionFactory.Create(new DatabaseOptions { Provider = "oracle" }, "."));
    }
}
