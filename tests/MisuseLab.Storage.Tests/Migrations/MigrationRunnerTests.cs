using Dapper;
using MisuseLab.Storage;
using MisuseLab.Storage.Migrations;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Migrations;

public abstract class MigrationRunnerTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    protected override bool Migrate => false;

    [Fact]
    public async Task First_run_applies_every_migration_and_second_run_applies_none()
    {
        var runner = new MigrationRunner(Connections);

        var first = await runner.ApplyAsync();
        var second = await runner.ApplyAsync();

        Assert.Equal(MigrationCatalog.Embedded.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        var recorded = await runner.ReadRecordedAsync();
        Assert.Equal(MigrationCatalog.Embedded.ToDictionary(m => m.Version, m => m.Checksum), recorded);
        await using var connection = await Connections.OpenAsync();
        foreach (var table in new[] { "users", "data_protection_keys", "audit_log" })
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task Concurrent_runners_apply_each_migration_exactly_once()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new MigrationRunner(Connections).ApplyAsync())));

        Assert.Equal(MigrationCatalog.Embedded.Count, runs.Sum(r => r.Count));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal((long)MigrationCatalog.Embedded.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        var good = new Migration(1, "good", "0001_good.sql", "CREATE TABLE good_table (id {{id}});");
        var bad = new Migration(2, "bad", "0002_bad.sql", "CREATE TABLE half_done (id {{id}});\nINSERT INTO no_such_table VALUES (1);");
        var runner = new MigrationRunner(Connections);

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync([good, bad]));

        Assert.Contains("0002_bad.sql", error.Message);
        Assert.Equal(["0001"], (await runner.ReadRecordedAsync()).Keys.Select(v => v.ToString("D4")));
        await using var connection = await Connections.OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM half_done"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM good_table"));
    }

    [Fact]
    public async Task An_applied_migration_that_changed_stops_the_runner()
    {
        var runner = new MigrationRunner(Connections);
        await runner.ApplyAsync([new Migration(1, "first", "0001_first.sql", "CREATE TABLE first_table (id {{id}});")]);

        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            runner.ApplyAsync([new Migration(1, "first", "0001_first.sql", "CREATE TABLE first_table (id {{id}}, extra TEXT);")]));

        Assert.Contains("0001_first.sql changed after it was applied", error.Message);
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var runner = new MigrationRunner(Connections);
        await runner.ApplyAsync([new Migration(1, "a", "0001_a.sql", "CREATE TABLE a (id {{id}});"), new Migration(2, "b", "0002_b.sql", "CREATE TABLE b (id {{id}});")]);

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync([new Migration(1, "a", "0001_a.sql", "CREATE TABLE a (id {{id}});")]));

        Assert.Contains("records migration 0002", error.Message);
    }

    [Fact]
    public async Task Unknown_token_names_file_and_line_and_applies_nothing()
    {
        var runner = new MigrationRunner(Connections);
        var migration = new Migration(1, "typo", "0001_typo.sql", "-- header\nCREATE TABLE t (\n  id {{id}},\n  at {{timestmap}}\n);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync([migration]));

        Assert.Contains("0001_typo.sql, line 4", error.Message);
        Assert.Contains("{{timestmap}}", error.Message);
        Assert.Empty(await runner.ReadRecordedAsync());
    }
}

public sealed class MigrationRunnerSqliteTests(SqliteEngine e) : MigrationRunnerTests<SqliteEngine>(e);
public sealed class MigrationRunnerPostgresTests(PostgresEngine e) : MigrationRunnerTests<PostgresEngine>(e);
