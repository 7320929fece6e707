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
