using Dapper;
using Microsoft.Data.Sqlite;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Backup;

/// <summary>What a finished backup wrote.</summary>
public sealed record BackupResult(string Path, long Bytes);

/// <summary>
/// Consistent copy of a live database. SQLite: the online backup API (readers and writers may keep
/// working meanwhile). PostgreSQL: refused with <c>pg_dump</c> instructions, since the server's own
/// tool is the only correct backup there.
/// </summary>
public sealed class DatabaseBackup(IDbConnectionFactory connections)
{
    public async Task<BackupResult> BackupAsync(string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        if (connections.Dialect.Name != DatabaseOptions.Sqlite)
        {
            throw new StorageException(
                "Backups of PostgreSQL are made with the server's tools, not by MisuseLab. Run for example:" + Environment.NewLine +
                $"  pg_dump --format=custom --file=\"{outputPath}\" \"<your connection>\"" + Environment.NewLine +
                "and restore with pg_restore --clean --dbname=<database> FILE. Schedule it (cron, systemd timer) " +
                "and keep copies off the database host.");
        }
        var target = Path.GetFullPath(outputPath);
        if (File.Exists(target))
        {
            throw new StorageException($"Backup target '{target}' already exists; choose a new file name (backups never overwrite).");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written beside the target and renamed only after it checks out, so a half-written file never looks like a backup.
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            await using (var source = await connections.OpenAsync(cancellationToken))
            await using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await destination.OpenAsync(cancellationToken);
                ((SqliteConnection)source).BackupDatabase(destination);
                var check = await destination.ExecuteScalarAsync<string>("PRAGMA integrity_check");
                if (check != "ok")
                {
                    throw new StorageException($"The backup copy failed SQLite's integrity check: {check}. The source database may be damaged; run PRAGMA integrity_check on it.");
                }
            }
            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }
        return new BackupResult(target, new FileInfo(target).Length);
    }
}
