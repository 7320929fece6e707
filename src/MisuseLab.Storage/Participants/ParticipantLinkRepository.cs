using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Participants;

/// <summary>A sign-in link as stored: never the token, only its SHA-256 (hex).</summary>
public sealed record ParticipantLink(long Id, long ParticipantId, long StudyId, string Slug, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// All SQL for <c>participant_links</c> (migration 0013): the credentials of participants who join without an account.
/// The first link of a participant is written in the enrolment transaction (<see cref="ParticipantRepository.EnrolAsync"/>);
/// the per-request check is <see cref="ParticipantRepository.FindInStudyByLinkAsync"/>.
/// </summary>
public sealed class ParticipantLinkRepository(IDbConnectionFactory connections)
{
    /// <summary>The link whose token hashes to <paramref name="tokenHash"/>, revoked or not, with its study; null when unknown.</summary>
    public async Task<ParticipantLink?> FindAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            "SELECT l.id AS Id, l.participant_id AS ParticipantId, p.study_id AS StudyId, s.slug AS Slug, l.created_at AS CreatedAt, l.revoked_at AS RevokedAt " +
            "FROM participant_links l JOIN participants p ON p.id = l.participant_id JOIN studies s ON s.id = p.study_id WHERE l.token_hash = @Hash",
            new { Hash = tokenHash }, cancellationToken: cancellationToken));
        return row?.ToRecord(connections.Dialect);
    }

    /// <summary>
    /// Revokes every link of the participant who used invite <paramref name="code"/> of study <paramref name="studyId"/>,
    /// and the code itself (so an unused invitation can no longer enrol anyone). False when the study has no such code.
    /// </summary>
    public async Task<bool> RevokeInviteAsync(long studyId, string code, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var at = connections.Dialect.TimestampParameter(now);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var codes = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE invite_codes SET revoked_at = COALESCE(revoked_at, @At) WHERE code = @Code AND study_id = @StudyId",
            new { Code = code, StudyId = studyId, At = at }, transaction, cancellationToken: cancellationToken));
        if (codes == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participant_links SET revoked_at = @At WHERE revoked_at IS NULL AND participant_id = " +
            "(SELECT used_by FROM invite_codes WHERE code = @Code AND study_id = @StudyId)",
            new { Code = code, StudyId = studyId, At = at }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Revokes every link of participant <paramref name="pseudonym"/> of study <paramref name="studyId"/>; false when there is no such participant.</summary>
    public async Task<bool> RevokeParticipantAsync(long studyId, string pseudonym, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM participants WHERE study_id = @StudyId AND pseudonym = @Pseudonym", new { StudyId = studyId, Pseudonym = pseudonym }, cancellationToken: cancellationToken));
        if (id is null)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participant_links SET revoked_at = @At WHERE revoked_at IS NULL AND participant_id = @Id",
            new { Id = id, At = connections.Dialect.TimestampParameter(now) }, cancellationToken: cancellationToken));
        return true;
    }

    internal static Task InsertAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect, long participantId, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO participant_links (participant_id, token_hash, created_at, revoked_at) VALUES (@ParticipantId, @Hash, @At, NULL)",
            new { ParticipantId = participantId, Hash = tokenHash, At = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));

    private sealed class LinkRow
    {
        public long Id { get; init; }
        public long ParticipantId { get; init; }
        public long StudyId { get; init; }
        public string Slug { get; init; } = "";
        public object CreatedAt { get; init; } = "";
        public object? RevokedAt { get; init; }

        public ParticipantLink ToRecord(ISqlDialect dialect) =>
            new(Id, ParticipantId, StudyId, Slug, dialect.ReadTimestamp(CreatedAt), RevokedAt is null ? null : dialect.ReadTimestamp(RevokedAt));
    }
}
