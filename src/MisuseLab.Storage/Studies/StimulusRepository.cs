using System.Security.Cryptography;
using System.Text;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Storage.Studies;

/// <summary>
/// Where a stimulus is shown: the cell, the page and (for a forward-simulation trial) the question; with its
/// canonical JSON and SHA-256 as <see cref="StimulusSerializer"/> writes them.
/// </summary>
public sealed record StimulusEntry(string CellId, string PageId, string? QuestionId, string? Instance, string Sha256, string CanonicalJson)
{
    /// <summary>Serialises <paramref name="stimulus"/> canonically and hashes it.</summary>
    public static StimulusEntry From(string cellId, string pageId, string? questionId, Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        return new StimulusEntry(cellId, pageId, questionId, stimulus.Instance, StimulusSerializer.Hash(stimulus), StimulusSerializer.SerializeToString(stimulus));
    }
}

/// <summary>A stored stimulus: its hash and the exact canonical JSON (storage never interprets it).</summary>
public sealed record StoredStimulus(string Sha256, string CanonicalJson);

/// <summary>All SQL for <c>stimuli</c> and <c>study_version_stimuli</c>.</summary>
public sealed class StimulusRepository(IDbConnectionFactory connections)
{
    /// <summary>
    /// Stores the stimuli of a version in one transaction. A stimulus already stored (same hash) is not written
    /// again; its placement for this version is. Storing the same entries twice changes nothing. Throws when a
    /// hash does not match its JSON or a placement already holds a different stimulus (a frozen version cannot change).
    /// </summary>
    public async Task StoreAsync(long versionId, IReadOnlyList<StimulusEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.CanonicalJson)));
            if (!string.Equals(actual, e.Sha256, StringComparison.Ordinal))
            {
                throw new StorageException($"Stimulus for cell '{e.CellId}', page '{e.PageId}': expected sha256 {e.Sha256} to be the hash of its JSON, found {actual}. Build entries with StimulusEntry.From.");
            }
        }
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var e in entries)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO stimuli (sha256, study_version_id, cell_id, page_id, instance, canonical_json) " +
                "VALUES (@Sha256, @VersionId, @CellId, @PageId, @Instance, @Json) ON CONFLICT (sha256) DO NOTHING",
                new { e.Sha256, VersionId = versionId, e.CellId, e.PageId, e.Instance, Json = e.CanonicalJson }, transaction, cancellationToken: cancellationToken));
            var placed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT stimulus_sha256 FROM study_version_stimuli WHERE study_version_id = @VersionId AND cell_id = @CellId AND page_id = @PageId AND question_id = @QuestionId",
                new { VersionId = versionId, e.CellId, e.PageId, QuestionId = e.QuestionId ?? "" }, transaction, cancellationToken: cancellationToken));
            if (placed is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO study_version_stimuli (study_version_id, cell_id, page_id, question_id, stimulus_sha256) VALUES (@VersionId, @CellId, @PageId, @QuestionId, @Sha256)",
                    new { VersionId = versionId, e.CellId, e.PageId, QuestionId = e.QuestionId ?? "", e.Sha256 }, transaction, cancellationToken: cancellationToken));
            }
            else if (!string.Equals(placed, e.Sha256, StringComparison.Ordinal))
            {
                throw new StorageException(
                    $"Study version {versionId}, cell '{e.CellId}', page '{e.PageId}'{(e.QuestionId is null ? "" : $", question '{e.QuestionId}'")} already shows stimulus {placed}; " +
                    $"refusing to replace it with {e.Sha256}. A launched version is frozen: import the changed study as a new version.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stimulus a cell shows on a page (<paramref name="questionId"/> null) or in a trial; null when there is none.</summary>
    public async Task<StoredStimulus?> FindAsync(long versionId, string cellId, string pageId, string? questionId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredStimulus>(new CommandDefinition(
            "SELECT s.sha256 AS Sha256, s.canonical_json AS CanonicalJson FROM study_version_stimuli p JOIN stimuli s ON s.sha256 = p.stimulus_sha256 " +
            "WHERE p.study_version_id = @VersionId AND p.cell_id = @CellId AND p.page_id = @PageId AND p.question_id = @QuestionId",
            new { VersionId = versionId, CellId = cellId, PageId = pageId, QuestionId = questionId ?? "" }, cancellationToken: cancellationToken));
    }

    /// <summary>Re-opens a stimulus by its hash (what an answer row carries).</summary>
    public async Task<StoredStimulus?> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredStimulus>(new CommandDefinition(
            "SELECT sha256 AS Sha256, canonical_json AS CanonicalJson FROM stimuli WHERE sha256 = @Sha256", new { Sha256 = sha256 }, cancellationToken: cancellationToken));
    }

    /// <summary>Every placement of a version with its stimulus (for exports), by cell, page and question ('' = the page itself).</summary>
    public async Task<IReadOnlyList<StimulusEntry>> ListByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string CellId, string PageId, string QuestionId, string? Instance, string Sha256, string CanonicalJson)>(new CommandDefinition(
            "SELECT p.cell_id, p.page_id, p.question_id, s.instance, s.sha256, s.canonical_json FROM study_version_stimuli p JOIN stimuli s ON s.sha256 = p.stimulus_sha256 " +
            "WHERE p.study_version_id = @VersionId ORDER BY p.cell_id, p.page_id, p.question_id", new { VersionId = versionId }, cancellationToken: cancellationToken));
        return rows.Select(r => new StimulusEntry(r.CellId, r.PageId, r.QuestionId.Length == 0 ? null : r.QuestionId, r.Instance, r.Sha256, r.CanonicalJson)).ToList();
    }

    /// <summary>How many placements a version has (0 before its stimuli are stored).</summary>
    public async Task<int> CountAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM study_version_stimuli WHERE study_version_id = @VersionId", new { VersionId = versionId }, cancellationToken: cancellationToken));
    }
}
