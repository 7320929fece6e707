using System.Security.Cryptography;
using System.Text;
using Dapper;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Studies;

/// <summary>
/// One stored remedy score: which model and choice (bit mask over the menu, and the chosen ids comma-separated in
/// menu order), the score's canonical JSON and its SHA-256.
/// </summary>
public sealed record RemedyScoreEntry(string ModelId, int ChoiceMask, string Choices, string Sha256, string ScoreJson)
{
    public static RemedyScoreEntry From(string modelId, int choiceMask, IEnumerable<string> choices, string scoreJson) =>
        new(modelId, choiceMask, string.Join(',', choices), Hash(scoreJson), scoreJson);

    internal static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

/// <summary>All SQL for <c>remedy_scores</c> (0010).</summary>
public sealed class RemedyScoreRepository(IDbConnectionFactory connections)
{
    // The mask is a BIGINT column and SQLite returns every INTEGER as Int64, so both engines give one type.
    private const string Select = "SELECT model_id, choice_mask, choices, score_sha256, score_json FROM remedy_scores ";

    /// <summary>
    /// Stores scores in one transaction; a score already stored for the same version, model and choice must be the
    /// same bytes (a frozen version's scores never change), so storing again is idempotent.
    /// </summary>
    public async Task StoreAsync(long versionId, IReadOnlyList<RemedyScoreEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            if (!string.Equals(RemedyScoreEntry.Hash(e.ScoreJson), e.Sha256, StringComparison.Ordinal))
                throw new StorageException($"Remedy score of model '{e.ModelId}', choice {e.ChoiceMask}: expected sha256 {e.Sha256} to be the hash of its JSON; it is not. Build entries with RemedyScoreEntry.From.");
        }
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var e in entries)
        {
            var stored = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT score_sha256 FROM remedy_scores WHERE study_version_id = @VersionId AND model_id = @ModelId AND choice_mask = @ChoiceMask",
                new { VersionId = versionId, e.ModelId, ChoiceMask = (long)e.ChoiceMask }, transaction, cancellationToken: cancellationToken));
            if (stored is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO remedy_scores (study_version_id, model_id, choice_mask, choices, score_sha256, score_json) VALUES (@VersionId, @ModelId, @ChoiceMask, @Choices, @Sha256, @ScoreJson)",
                    new { VersionId = versionId, e.ModelId, ChoiceMask = (long)e.ChoiceMask, e.Choices, e.Sha256, e.ScoreJson }, transaction, cancellationToken: cancellationToken));
            }
            else if (!string.Equals(stored, e.Sha256, StringComparison.Ordinal))
            {
                throw new StorageException($"Study version {versionId}, model '{e.ModelId}', choice {e.ChoiceMask} already has score {stored}; refusing to replace it with {e.Sha256}. Remedy scores are deterministic: a different score means different data or code.");
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The stored score of a choice, or null when it has not been computed.</summary>
    public async Task<RemedyScoreEntry?> FindAsync(long versionId, string modelId, int choiceMask, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string ModelId, long ChoiceMask, string Choices, string Sha256, string ScoreJson)>(new CommandDefinition(
            Select + "WHERE study_version_id = @VersionId AND model_id = @ModelId AND choice_mask = @ChoiceMask",
            new { VersionId = versionId, ModelId = modelId, ChoiceMask = (long)choiceMask }, cancellationToken: cancellationToken));
        return rows.Select(ToEntry).SingleOrDefault();
    }

    /// <summary>Every score of a version, by model and choice (for exports and comparisons between launches).</summary>
    public async Task<IReadOnlyList<RemedyScoreEntry>> ListByVersionAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string ModelId, long ChoiceMask, string Choices, string Sha256, string ScoreJson)>(new CommandDefinition(
            Select + "WHERE study_version_id = @VersionId ORDER BY model_id, choice_mask", new { VersionId = versionId }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToEntry)];
    }

    public async Task<int> CountAsync(long versionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM remedy_scores WHERE study_version_id = @VersionId", new { VersionId = versionId }, cancellationToken: cancellationToken));
    }

    private static RemedyScoreEntry ToEntry((string ModelId, long ChoiceMask, string Choices, string Sha256, string ScoreJson) r) =>
        new(r.ModelId, checked((int)r.ChoiceMask), r.Choices, r.Sha256, r.ScoreJson);
}
