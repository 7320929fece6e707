using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Studies;

/// <summary>All SQL for <c>studies</c> and <c>study_versions</c>.</summary>
public sealed class StudyRepository(IDbConnectionFactory connections)
{
    private const string VersionColumns =
        "SELECT v.id AS Id, v.study_id AS StudyId, s.slug AS Slug, v.version AS Version, v.study_hash AS StudyHash, " +
        "v.definition_json AS DefinitionJson, v.status AS Status, v.created_at AS CreatedAt, v.launched_at AS LaunchedAt " +
        "FROM study_versions v JOIN studies s ON s.id = v.study_id";

    private const string StudyColumns =
        "SELECT id AS Id, slug AS Slug, title AS Title, current_version_id AS CurrentVersionId, created_at AS CreatedAt FROM studies";

    /// <summary>
    /// Imports a study definition as a draft version, creating the study on first import. Importing the same content
    /// again (same <paramref name="studyHash"/>) returns the existing version unchanged, so imports are idempotent.
    /// </summary>
    public Task<StudyVersionRecord> ImportAsync(string slug, string title, string version, string studyHash, string definitionJson, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ImportAsync(slug, title, version, studyHash, definitionJson, now, audit: null, cancellationToken);

    /// <inheritdoc cref="ImportAsync(string, string, string, string, string, DateTimeOffset, CancellationToken)"/>
    /// <param name="audit">Entries appended in the import's transaction.</param>
    public Task<StudyVersionRecord> ImportAsync(string slug, string title, string version, string studyHash, string definitionJson, DateTimeOffset now,
        AuditInTransaction<StudyVersionRecord>? audit, CancellationToken cancellationToken = default) =>
        ImportAsync(slug, title, version, studyHash, definitionJson, now, audit, firstMemberId: null, cancellationToken);

    /// <inheritdoc cref="ImportAsync(string, string, string, string, string, DateTimeOffset, CancellationToken)"/>
    /// <param name="audit">Entries appended in the import's transaction.</param>
    /// <param name="firstMemberId">The importing account: when this import creates the study, it becomes the study's first
    /// member (<c>study_members</c>, 0016) in the same transaction. Ignored when the study exists already.</param>
    public async Task<StudyVersionRecord> ImportAsync(string slug, string title, string version, string studyHash, string definitionJson, DateTimeOffset now,
        AuditInTransaction<StudyVersionRecord>? audit, long? firstMemberId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(definitionJson);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, "studies", cancellationToken);
        var studyId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM studies WHERE slug = @Slug", new { Slug = slug }, transaction, cancellationToken: cancellationToken));
        if (studyId is null)
        {
            studyId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO studies (slug, title, current_version_id, created_at) VALUES (@Slug, @Title, NULL, @Now)" + dialect.ReturningId("id"),
                new { Slug = slug, Title = title, Now = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
            if (firstMemberId is { } member)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO study_members (study_id, user_id, added_at) VALUES (@StudyId, @UserId, @Now)",
                    new { StudyId = studyId, UserId = member, Now = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
            }
        }
        var existing = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM study_versions WHERE study_id = @StudyId AND study_hash = @Hash",
            new { StudyId = studyId, Hash = studyHash }, transaction, cancellationToken: cancellationToken));
        var versionId = existing ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO study_versions (study_id, version, study_hash, definition_json, status, created_at, launched_at) " +
            "VALUES (@StudyId, @Version, @Hash, @Json, 'draft', @Now, NULL)" + dialect.ReturningId("id"),
            new { StudyId = studyId, Version = version, Hash = studyHash, Json = definitionJson, Now = dialect.TimestampParameter(now) },
            transaction, cancellationToken: cancellationToken));
        var record = await ReadVersionAsync(connection, transaction, versionId, cancellationToken);
        if (audit is not null) await audit.WriteAsync(connection, transaction, record!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record!;
    }

    /// <summary>
    /// Opens a version for participants and makes it the study's current version; every other open or paused version
    /// of the study is closed in the same transaction, under the study table's lock, so however launches race (the demo
    /// and a facilitator, two web nodes) at most one version of a study is open or paused. The first launch records
    /// launched_at; launching again (e.g. re-opening a closed version) keeps it. Call after its stimuli are stored.
    /// </summary>
    public Task<LaunchOutcome> LaunchAsync(long versionId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        LaunchAsync(versionId, now, audit: null, cancellationToken);

    /// <inheritdoc cref="LaunchAsync(long, DateTimeOffset, CancellationToken)"/>
    /// <param name="audit">Entries appended in the launch's transaction (the launch and every version it closed).</param>
    public async Task<LaunchOutcome> LaunchAsync(long versionId, DateTimeOffset now, AuditInTransaction<LaunchOutcome>? audit, CancellationToken cancellationToken = default)
    {
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, "studies", cancellationToken);
        var target = await ReadVersionAsync(connection, transaction, versionId, cancellationToken)
            ?? throw new StorageException($"Cannot launch study version {versionId}: no such version. List versions with StudyRepository.ListVersionsAsync.");
        var superseded = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            VersionColumns + " WHERE v.study_id = @StudyId AND v.id <> @Id AND v.status IN ('open', 'paused') ORDER BY v.id",
            new { target.StudyId, Id = versionId }, transaction, cancellationToken: cancellationToken))).Select(r => r.ToRecord(dialect)).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE study_versions SET status = 'closed' WHERE study_id = @StudyId AND id <> @Id AND status IN ('open', 'paused')",
            new { target.StudyId, Id = versionId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE study_versions SET status = 'open', launched_at = COALESCE(launched_at, @Now) WHERE id = @Id",
            new { Id = versionId, Now = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE studies SET current_version_id = @Id WHERE id = @StudyId",
            new { Id = versionId, target.StudyId }, transaction, cancellationToken: cancellationToken));
        var outcome = new LaunchOutcome((await ReadVersionAsync(connection, transaction, versionId, cancellationToken))!, superseded);
        if (audit is not null) await audit.WriteAsync(connection, transaction, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Pauses, re-opens or closes a version. A draft cannot be opened here: use <see cref="LaunchAsync"/>.</summary>
    public Task SetStatusAsync(long versionId, StudyStatus status, CancellationToken cancellationToken = default) =>
        SetStatusAsync(versionId, status, audit: null, cancellationToken);

    /// <inheritdoc cref="SetStatusAsync(long, StudyStatus, CancellationToken)"/>
    /// <param name="audit">Entries appended in the change's transaction; given the version id.</param>
    public async Task SetStatusAsync(long versionId, StudyStatus status, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        if (status == StudyStatus.Draft)
        {
            throw new ArgumentException("A launched version cannot go back to draft; import a new version instead.", nameof(status));
        }
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE study_versions SET status = @Status WHERE id = @Id AND launched_at IS NOT NULL",
            new { Id = versionId, Status = StudyStatuses.ToDb(status) }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            throw new StorageException($"Cannot set study version {versionId} to {StudyStatuses.ToDb(status)}: it does not exist or was never launched.");
        }
        if (audit is not null) await audit.WriteAsync(connection, transaction, versionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StudyRecord?> FindStudyAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StudyRow>(new CommandDefinition(
            StudyColumns + " WHERE slug = @Slug", new { Slug = slug }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    public async Task<IReadOnlyList<StudyRecord>> ListStudiesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StudyRow>(new CommandDefinition(StudyColumns + " ORDER BY slug", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord(connections.Dialect)).ToList();
    }

    /// <summary>The version participants of <paramref name="slug"/> join, or null when the study is unknown or never launched.</summary>
    public async Task<StudyVersionRecord?> FindCurrentVersionAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            VersionColumns + " WHERE s.slug = @Slug AND v.id = s.current_version_id", new { Slug = slug }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    public async Task<StudyVersionRecord?> FindVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, versionId, cancellationToken);
    }

    /// <summary>Every version of a study, oldest first.</summary>
    public async Task<IReadOnlyList<StudyVersionRecord>> ListVersionsAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            VersionColumns + " WHERE s.slug = @Slug ORDER BY v.id", new { Slug = slug }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord(connections.Dialect)).ToList();
    }

    /// <summary>Stores the sanity report computed when <paramref name="versionId"/> was built (once; a second store is refused).</summary>
    public async Task StoreSanityAsync(long versionId, string studyHash, string reportJson, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(reportJson);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO study_version_sanity (study_version_id, study_hash, report_json, computed_at) VALUES (@Id, @Hash, @Json, @Now)",
            new { Id = versionId, Hash = studyHash, Json = reportJson, Now = connections.Dialect.TimestampParameter(now) }, cancellationToken: cancellationToken));
    }

    /// <summary>The sanity report stored for <paramref name="versionId"/>, or null when none was computed.</summary>
    public async Task<StoredSanity?> FindSanityAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SanityRow>(new CommandDefinition(
            "SELECT study_hash AS StudyHash, report_json AS ReportJson, computed_at AS ComputedAt FROM study_version_sanity WHERE study_version_id = @Id",
            new { Id = versionId }, cancellationToken: cancellationToken));
        return row is null ? null : new StoredSanity(row.StudyHash, row.ReportJson, connections.Dialect.ReadTimestamp(row.ComputedAt));
    }

    private sealed class SanityRow
    {
        public string StudyHash { get; init; } = "";
        public string ReportJson { get; init; } = "";
        public object ComputedAt { get; init; } = "";
    }

    private async Task<StudyVersionRecord?> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, long versionId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            VersionColumns + " WHERE v.id = @Id", new { Id = versionId }, transaction, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    private sealed class StudyRow
    {
        public long Id { get; init; }
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public long? CurrentVersionId { get; init; }
        public object CreatedAt { get; init; } = "";

        public StudyRecord ToRecord(ISqlDialect dialect) => new(Id, Slug, Title, CurrentVersionId, dialect.ReadTimestamp(CreatedAt));
    }

    private sealed class VersionRow
    {
        public long Id { get; init; }
        public long StudyId { get; init; }
        public string Slug { get; init; } = "";
        public string Version { get; init; } = "";
        public string StudyHash { get; init; } = "";
        public string DefinitionJson { get; init; } = "";
        public string Status { get; init; } = "";
        public object CreatedAt { get; init; } = "";
        public object? LaunchedAt { get; init; }

        public StudyVersionRecord ToRecord(ISqlDialect dialect) => new(
            Id, StudyId, Slug, Version, StudyHash, DefinitionJson, StudyStatuses.FromDb(Status),
            dialect.ReadTimestamp(CreatedAt), LaunchedAt is null ? null : dialect.ReadTimestamp(LaunchedAt));
    }
}
