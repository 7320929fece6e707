using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Studies;

/// <summary>
/// Changes to draft study versions (the facilitator's edits). A version that was ever launched is frozen: every
/// statement here is guarded by <c>status = 'draft' AND launched_at IS NULL</c> in the same UPDATE, so a launch
/// racing an edit can never be overwritten.
/// </summary>
public sealed class StudyDraftRepository(IDbConnectionFactory connections)
{
    /// <summary>
    /// Replaces the definition of draft <paramref name="versionId"/> (already validated by the caller) with
    /// <paramref name="definitionJson"/>, its <paramref name="studyHash"/> and version string.
    /// </summary>
    /// <exception cref="StorageException">The version does not exist or is no longer a draft; nothing changed.</exception>
    /// <exception cref="DuplicateKeyException">Another version of the study has exactly this content; nothing changed.</exception>
    public Task<StudyVersionRecord> ReplaceDraftAsync(long versionId, string version, string studyHash, string definitionJson, CancellationToken cancellationToken = default) =>
        ReplaceDraftAsync(versionId, version, studyHash, definitionJson, audit: null, cancellationToken);

    /// <inheritdoc cref="ReplaceDraftAsync(long, string, string, string, CancellationToken)"/>
    /// <param name="audit">Entries appended in the edit's transaction; given the version id.</param>
    public async Task<StudyVersionRecord> ReplaceDraftAsync(long versionId, string version, string studyHash, string definitionJson,
        AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(definitionJson);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await dialect.BeginLockedTransactionAsync(connection, "studies", cancellationToken);
        int changed;
        try
        {
            changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE study_versions SET version = @Version, study_hash = @Hash, definition_json = @Json " +
                "WHERE id = @Id AND status = 'draft' AND launched_at IS NULL",
                new { Id = versionId, Version = version, Hash = studyHash, Json = definitionJson }, transaction, cancellationToken: cancellationToken));
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException($"Study version {versionId}: another version of this study already has exactly this content (hash {studyHash}). Change something, or use that version.", e);
        }
        if (changed == 0)
        {
            throw new StorageException($"Study version {versionId} cannot be edited: it does not exist or has been launched (a launched version is frozen). Create a new version from it instead.");
        }
        if (audit is not null) await audit.WriteAsync(connection, transaction, versionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await new StudyRepository(connections).FindVersionAsync(versionId, cancellationToken))!;
    }
}
