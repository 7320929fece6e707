using Microsoft.Data.Sqlite;
using MisuseLab.Storage.Backup;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;

namespace MisuseLab.Storage.Tests.Backup;

public sealed class SqliteBackupTests(SqliteEngine engine) : DatabaseTest<SqliteEngine>(engine)
{
    [Fact]
    public async Task Backup_of_a_live_database_holds_its_rows_and_refuses_to_overwrite()
    {
        await new UserRepository(Connections).AddAsync("kept@example.org", "h", Roles.Admin, DateTimeOffset.UnixEpoch);
        var folder = Directory.CreateTempSubdirectory("misuselab-backup-").FullName;
        var target = Path.Combine(folder, "nested", "copy.db");
        try
        {
            var result = await new DatabaseBackup(Connections).BackupAsync(target);

            Assert.Equal(target, result.Path);
            Assert.True(result.Bytes > 0);
            var copy = DbConnectionFactory.Create(new DatabaseOptions { ConnectionString = $"Data Source={target}" }, folder);
            var restored = await new UserRepository(copy).FindByEmailAsync("kept@example.org");
            Assert.Equal(Roles.Admin, restored!.Role);
            var again = await Assert.ThrowsAsync<StorageException>(() => new DatabaseBackup(Connections).BackupAsync(target));
            Assert.Contains("already exists", again.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class PostgresBackupTests(PostgresEngine engine) : DatabaseTest<PostgresEngine>(engine)
{
    [Fact]
    public async Task Backup_is_refused_with_pg_dump_guidance_and_writes_nothing()
    {
        var target = Path.Combine(Path.GetTempPath(), $"misuselab-never-{Guid.NewGuid():N}.dump");

        var error = await Assert.ThrowsAsync<StorageException>(() => new DatabaseBackup(Connections).BackupAsync(target));

        Assert.Contains("pg_dump --format=custom", error.Message);
        Assert.Contains("pg_restore", error.Message);
        Assert.False(File.Exists(target));
    }
}
