using MisuseLab.Storage.Dialects;
using MisuseLab.Storage.Migrations;

namespace MisuseLab.Storage.Tests.Migrations;

public sealed class MigrationCatalogTests
{
    [Fact]
    public void Embedded_migrations_are_numbered_from_one_in_strictly_increasing_order()
    {
        // Gaps are allowed: numbers are handed out to parallel branches, which merge in any order.
        var versions = MigrationCatalog.Embedded.Select(m => m.Version).ToList();

        Assert.NotEmpty(versions);
        Assert.Equal(1, versions[0]);
        Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"Migration {pair.Second} follows {pair.First}."));
        Assert.Equal("0001_accounts_keys_audit.sql", MigrationCatalog.Embedded[0].FileName);
    }

    [Fact]
    public void Every_embedded_migration_renders_on_both_dialects_without_leftover_tokens()
    {
        foreach (var migration in MigrationCatalog.Embedded)
        {
            foreach (ISqlDialect dialect in new ISqlDialect[] { SqliteDialect.Instance, PostgresDialect.Instance })
            {
                var sql = migration.Render(dialect);
                Assert.DoesNotContain("{{", sql);
            }
        }
        Assert.Contains("TIMESTAMPTZ", MigrationCatalog.Embedded[0].Render(PostgresDialect.Instance));
        Assert.Contains("AUTOINCREMENT", MigrationCatalog.Embedded[0].Render(SqliteDialect.Instance));
    }

    [Fact]
    public void Checksum_ignores_line_ending_style()
    {
        var unix = new Migration(1, "x", "0001_x.sql", "CREATE TABLE x (id {{id}});\nCREATE INDEX ix ON x (id);\n");
        var windows = unix with { Sql = unix.Sql.Replace("\n", "\r\n") };

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, new Migration(1, "x", "0001_x.sql", unix.Sql + "-- edit\n").Checksum);
    }
}
