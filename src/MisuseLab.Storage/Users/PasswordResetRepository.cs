using System.Security.Cryptography;
using System.Text;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Users;

/// <summary>All SQL for <c>password_resets</c> (0018): single-use, expiring reset links stored as token hashes.</summary>
public sealed class PasswordResetRepository(IDbConnectionFactory connections)
{
    /// <summary>The stored form of a token: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Stores a new link for account <paramref name="userId"/>; its audit entries commit with it.</summary>
    public async Task CreateAsync(long userId, string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at, used_at) VALUES (@UserId, @Hash, @Now, @Expires, NULL)",
            new { UserId = userId, Hash = tokenHash, Now = dialect.TimestampParameter(now), Expires = dialect.TimestampParameter(expiresAt) },
            transaction, cancellationToken: cancellationToken));
        if (audit is not null) await audit.WriteAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Uses the link with <paramref name="tokenHash"/>: when it exists, is unused and has not expired, marks it used, sets
    /// the account's password hash and ends any lockout, all in one transaction (the guarded UPDATE makes a second use,
    /// even a concurrent one, find nothing). Returns the account id, or null when the link does not work (nothing changed).
    /// </summary>
    public async Task<long?> ConsumeAsync(string tokenHash, string newPasswordHash, DateTimeOffset now, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(newPasswordHash);
        var dialect = connections.Dialect;
        var at = dialect.TimestampParameter(now);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var userId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT user_id FROM password_resets WHERE token_hash = @Hash AND used_at IS NULL AND expires_at > @Now",
            new { Hash = tokenHash, Now = at }, transaction, cancellationToken: cancellationToken));
        var used = userId is null ? 0 : await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE password_resets SET used_at = @Now WHERE token_hash = @Hash AND used_at IS NULL AND expires_at > @Now",
            new { Hash = tokenHash, Now = at }, transaction, cancellationToken: cancellationToken));
        if (used != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @PasswordHash, failed_logins = 0, lockout_end = NULL WHERE id = @Id",
            new { Id = userId, PasswordHash = newPasswordHash }, transaction, cancellationToken: cancellationToken));
        if (audit is not null) await audit.WriteAsync(connection, transaction, userId!.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return userId;
    }
}
