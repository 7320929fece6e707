using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Migrations;

/// <summary>
/// Brings a database to the newest schema. Safe to run from several processes at once: each migration
/// is applied in its own transaction holding the migration lock, and re-checked under that lock.
/// </summary>
public sealed class MigrationRunner(IDbConnectionFactory connections)
{
    public const string LockName = "schema-migrations";

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT NOT NULL,
            checksum   TEXT NOT NULL,
            applied_at {{timestamp}} NOT NULL
        )
        """;

    /// <summary>Applies the embedded migrations; returns those applied by this call (empty when up to date).</summary>
    public Task<IReadOnlyList<Migration>> ApplyAsync(CancellationToken cancellationToken = default) =>
        ApplyAsync(MigrationCatalog.Embedded, cancellationToken);

    /// <summary>Applies <paramref name="migrations"/> (ordered by version) that the database has not recorded.</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);

        var recorded = await ReadRecordedAsync(connection, dialect, cancellationToken);
        CheckAgainstRecorded(migrations, recorded);

        var applied = new List<Migration>();
        foreach (var migration in migrations)
        {
            if (recorded.ContainsKey(migration.Version))
            {
                continue;
            }
            await using var transaction = await dialect.BeginLockedTransactionAsync(connection, LockName, cancellationToken);
            // Another process may have applied it while we waited for the lock.
            var already = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_version WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: cancellationToken));
            if (already > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }
            var sql = migration.Render(dialect);
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            }
            catch (DbException e)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new MigrationException(
                    $"{migration.FileName} failed on {dialect.Name}: {e.Message}. The transaction was rolled back, so nothing from " +
                    "this file was applied; fix the file (it is not yet recorded) and start again.", e);
            }
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, @AppliedAt)",
                new { migration.Version, migration.Name, migration.Checksum, AppliedAt = dialect.TimestampParameter(DateTimeOffset.UtcNow) },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            applied.Add(migration);
        }
        return applied;
    }

    /// <summary>Versions the database has recorded, with their checksums.</summary>
    public async Task<IReadOnlyDictionary<int, string>> ReadRecordedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadRecordedAsync(connection, connections.Dialect, cancellationToken);
    }

    private static async Task<Dictionary<int, string>> ReadRecordedAsync(DbConnection connection, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        // Created under the lock: two nodes racing on CREATE TABLE IF NOT EXISTS can otherwise collide on PostgreSQL.
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, LockName, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Migration.RenderTokens(CreateVersionTable, "schema_version (built in)", dialect), transaction: transaction, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<RecordedRow>(new CommandDefinition(
            "SELECT version AS Version, checksum AS Checksum FROM schema_version", transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return rows.ToDictionary(r => (int)r.Version, r => r.Checksum);
    }

    private static void CheckAgainstRecorded(IReadOnlyList<Migration> migrations, IReadOnlyDictionary<int, string> recorded)
    {
        var known = migrations.ToDictionary(m => m.Version);
        foreach (var (version, checksum) in recorded.OrderBy(r => r.Key))
        {
            if (!known.TryGetValue(version, out var migration))
            {
                throw new MigrationException(
                    $"The database records migration {version:D4}, which this build does not have (newest known: " +
                    $"{(migrations.Count == 0 ? "none" : migrations[^1].FileName)}). It was migrated by a newer MisuseLab; run that version or restore a backup.");
            }
            if (!string.Equals(migration.Checksum, checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"{migration.FileName} changed after it was applied (recorded checksum {checksum}, file now {migration.Checksum}). " +
                    "Applied migrations must never be edited; restore the file and put the change in a new numbered migration.");
            }
        }
    }

    private sealed class RecordedRow
    {
        public long Version { get; init; }
        public string Checksum { get; init; } = "";
    }
}
