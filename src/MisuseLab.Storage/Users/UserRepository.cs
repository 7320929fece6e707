using System.Data.Common;
using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Users;

/// <summary>All SQL for the <c>users</c> table.</summary>
public sealed class UserRepository(IDbConnectionFactory connections)
{
    private const string SelectColumns =
        "SELECT id AS Id, email AS Email, password_hash AS PasswordHash, role AS Role, failed_logins AS FailedLogins, " +
        "lockout_end AS LockoutEnd, created_at AS CreatedAt FROM users";

    /// <summary>Creates an account; throws <see cref="DuplicateKeyException"/> when the e-mail (any letter case) exists.</summary>
    public Task<UserAccount> AddAsync(string email, string passwordHash, string role, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        AddAsync(email, passwordHash, role, createdAt, audit: null, cancellationToken);

    /// <inheritdoc cref="AddAsync(string, string, string, DateTimeOffset, CancellationToken)"/>
    /// <param name="audit">Entries appended in the insert's transaction; given the new account.</param>
    public async Task<UserAccount> AddAsync(string email, string passwordHash, string role, DateTimeOffset createdAt, AuditInTransaction<UserAccount>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        Roles.ThrowIfUnknown(role, nameof(role));
        var dialect = connections.Dialect;
        email = email.Trim();
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO users (email, password_hash, role, failed_logins, lockout_end, created_at) " +
                "VALUES (@Email, @PasswordHash, @Role, 0, NULL, @CreatedAt)" + dialect.ReturningId("id"),
                new { Email = email, PasswordHash = passwordHash, Role = role, CreatedAt = dialect.TimestampParameter(createdAt) },
                transaction, cancellationToken: cancellationToken));
            var account = new UserAccount(id, email, passwordHash, role, 0, null, Dialects.SqlDialects.ToStoragePrecision(createdAt));
            if (audit is not null) await audit.WriteAsync(connection, transaction, account, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return account;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw new DuplicateKeyException($"An account for '{email}' already exists (e-mail addresses are compared ignoring letter case).", e);
        }
    }

    public async Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE lower(email) = lower(@Email)", new { Email = email.Trim() }, cancellationToken: cancellationToken));
        return row?.ToAccount(connections.Dialect);
    }

    public async Task<UserAccount?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToAccount(connections.Dialect);
    }

    /// <summary>Every account ordered by id.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectColumns + " ORDER BY id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAccount(connections.Dialect)).ToList();
    }

    /// <summary>
    /// Counts a failed sign-in in one atomic UPDATE (concurrent attempts cannot lose a count). The
    /// <paramref name="maxFailures"/>-th failure locks the account until <c>now + lockoutDuration</c> and
    /// restarts the count, so after the lockout the user again has <paramref name="maxFailures"/> attempts.
    /// Returns null when no such account exists.
    /// </summary>
    public Task<LoginFailure?> RecordFailedLoginAsync(long id, DateTimeOffset now, int maxFailures, TimeSpan lockoutDuration, CancellationToken cancellationToken = default) =>
        RecordFailedLoginAsync(id, now, maxFailures, lockoutDuration, audit: null, cancellationToken);

    /// <inheritdoc cref="RecordFailedLoginAsync(long, DateTimeOffset, int, TimeSpan, CancellationToken)"/>
    /// <param name="audit">Entries appended in the update's transaction (e.g. only when this failure locked the account).</param>
    public async Task<LoginFailure?> RecordFailedLoginAsync(long id, DateTimeOffset now, int maxFailures, TimeSpan lockoutDuration,
        AuditInTransaction<LoginFailure>? audit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockoutDuration, TimeSpan.Zero);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<FailureRow>(new CommandDefinition(
            """
            UPDATE users SET
                failed_logins = CASE WHEN failed_logins + 1 >= @Max THEN 0 ELSE failed_logins + 1 END,
                lockout_end   = CASE WHEN failed_logins + 1 >= @Max THEN @LockoutEnd ELSE lockout_end END
            WHERE id = @Id
            RETURNING failed_logins AS FailedLogins, lockout_end AS LockoutEnd
            """,
            new { Id = id, Max = maxFailures, LockoutEnd = dialect.TimestampParameter(now + lockoutDuration) },
            transaction, cancellationToken: cancellationToken));
        if (row is null) return null;
        var failure = new LoginFailure((int)row.FailedLogins, row.LockoutEnd is null ? null : dialect.ReadTimestamp(row.LockoutEnd));
        if (audit is not null) await audit.WriteAsync(connection, transaction, failure, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return failure;
    }

    /// <summary>After a successful sign-in: clears the failure count and any lockout.</summary>
    public Task ResetLoginFailuresAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE users SET failed_logins = 0, lockout_end = NULL WHERE id = @Id", new { Id = id }, cancellationToken);

    /// <summary>An administrator's unlock: clears the failure count and lockout; <paramref name="audit"/> commits with it.</summary>
    public async Task ResetLoginFailuresAsync(long id, AuditInTransaction<long> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE users SET failed_logins = 0, lockout_end = NULL WHERE id = @Id",
            new { Id = id }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Locks an account until <paramref name="until"/> (an administrator's action), or unlocks it with null.</summary>
    public Task SetLockoutAsync(long id, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        SetLockoutAsync(id, until, audit: null, cancellationToken);

    /// <inheritdoc cref="SetLockoutAsync(long, DateTimeOffset?, CancellationToken)"/>
    /// <param name="audit">Entries appended in the update's transaction; given the account id.</param>
    public async Task SetLockoutAsync(long id, DateTimeOffset? until, AuditInTransaction<long>? audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE users SET lockout_end = @Until WHERE id = @Id",
            new { Id = id, Until = until is { } u ? connections.Dialect.TimestampParameter(u) : null }, transaction, cancellationToken: cancellationToken));
        if (audit is not null) await audit.WriteAsync(connection, transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces the stored hash (password change, or a rehash after the hasher's format improved).</summary>
    public Task UpdatePasswordHashAsync(long id, string passwordHash, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE users SET password_hash = @PasswordHash WHERE id = @Id", new { Id = id, PasswordHash = passwordHash }, cancellationToken);

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    // Timestamps arrive as text (SQLite) or DateTime (Npgsql); the dialect converts them.
    private sealed class Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
        public long FailedLogins { get; init; }
        public object? LockoutEnd { get; init; }
        public object CreatedAt { get; init; } = "";

        public UserAccount ToAccount(Dialects.ISqlDialect dialect) => new(
            Id, Email, PasswordHash, Role, (int)FailedLogins,
            LockoutEnd is null ? null : dialect.ReadTimestamp(LockoutEnd),
            dialect.ReadTimestamp(CreatedAt));
    }

    private sealed class FailureRow
    {
        public long FailedLogins { get; init; }
        public object? LockoutEnd { get; init; }
    }
}
