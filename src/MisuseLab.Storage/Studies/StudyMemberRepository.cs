using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Studies;

/// <summary>A member of a study: a staff account, with its e-mail and role as the members list shows them.</summary>
public sealed record StudyMember(long UserId, string Email, string Role, DateTimeOffset AddedAt);

/// <summary>What <see cref="StudyMemberRepository.RemoveAsync"/> did.</summary>
public enum MemberRemoval { Removed, NotMember, LastMember }

/// <summary>All SQL for <c>study_members</c> (0016): who, besides admins, may see and act on a study.</summary>
public sealed class StudyMemberRepository(IDbConnectionFactory connections)
{
    /// <summary>True when account <paramref name="userId"/> is a member of study <paramref name="studyId"/>.</summary>
    public async Task<bool> IsMemberAsync(long studyId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM study_members WHERE study_id = @StudyId AND user_id = @UserId",
            new { StudyId = studyId, UserId = userId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The ids of the studies account <paramref name="userId"/> is a member of.</summary>
    public async Task<IReadOnlySet<long>> StudyIdsOfAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT study_id FROM study_members WHERE user_id = @UserId", new { UserId = userId }, cancellationToken: cancellationToken));
        return ids.ToHashSet();
    }

    /// <summary>The members of a study with their e-mail and role, in the order they were added.</summary>
    public async Task<IReadOnlyList<StudyMember>> ListAsync(long studyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT m.user_id AS UserId, u.email AS Email, u.role AS Role, m.added_at AS AddedAt FROM study_members m " +
            "JOIN users u ON u.id = m.user_id WHERE m.study_id = @StudyId ORDER BY m.added_at, m.user_id",
            new { StudyId = studyId }, cancellationToken: cancellationToken));
        return rows.Select(r => new StudyMember(r.UserId, r.Email, r.Role, connections.Dialect.ReadTimestamp(r.AddedAt))).ToList();
    }

    /// <summary>
    /// Adds a member; false (nothing written, no audit entry) when the account is a member already. The audit entries
    /// commit with the row.
    /// </summary>
    public async Task<bool> AddAsync(long studyId, long userId, DateTimeOffset now, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO study_members (study_id, user_id, added_at) VALUES (@StudyId, @UserId, @Now) ON CONFLICT (study_id, user_id) DO NOTHING",
            new { StudyId = studyId, UserId = userId, Now = dialect.TimestampParameter(now) }, transaction, cancellationToken: cancellationToken));
        if (added == 0) return false;
        if (audit is not null) await audit.WriteAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Removes a member unless it is the study's last (without one only admins could reach the study). The count and
    /// the delete run under one lock per study, so two removals at once cannot both see two members and leave none.
    /// Nothing is written, and no audit entry, unless the member is removed.
    /// </summary>
    public async Task<MemberRemoval> RemoveAsync(long studyId, long userId, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connections.Dialect.BeginLockedTransactionAsync(connection, $"study-members/{studyId}", cancellationToken);
        var members = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT user_id FROM study_members WHERE study_id = @StudyId", new { StudyId = studyId }, transaction, cancellationToken: cancellationToken));
        var ids = members.ToList();
        if (!ids.Contains(userId)) return MemberRemoval.NotMember;
        if (ids.Count == 1) return MemberRemoval.LastMember;
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM study_members WHERE study_id = @StudyId AND user_id = @UserId",
            new { StudyId = studyId, UserId = userId }, transaction, cancellationToken: cancellationToken));
        if (audit is not null) await audit.WriteAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return MemberRemoval.Removed;
    }

    private sealed class Row
    {
        public long UserId { get; init; }
        public string Email { get; init; } = "";
        public string Role { get; init; } = "";
        public object AddedAt { get; init; } = "";
    }
}
