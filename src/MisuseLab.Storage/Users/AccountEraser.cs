using Dapper;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Users;

/// <summary>What deleting an account did, in counts (an audit entry built from it names no person).</summary>
public sealed record ErasedAccount(long Id, string Role, int Memberships, int CoderCodes, int Enrolments, int LegacyAuditEntries);

/// <summary>
/// Deletes an account and with it the only place its e-mail address is kept (<c>users.email</c>). Audit entries name
/// accounts by pseudonymous id (<see cref="AuditActor"/>), so they stay and still verify. In one transaction:
/// the account's study memberships, password reset links and blind free-text codes go (a coder who leaves takes their codes along; the
/// adjudicated codes stay), its enrolments stay as pseudonymous study data with no account (<c>participants.user_id</c>
/// NULL, as for participants who joined by link: deleting an account is not withdrawing, which deletes the answers),
/// then the row itself.
/// </summary>
public sealed class AccountEraser(IDbConnectionFactory connections)
{
    /// <summary>Null (nothing changed) when there is no account <paramref name="accountId"/>.</summary>
    /// <param name="audit">Entries appended in the deletion's transaction, given what was deleted.</param>
    public async Task<ErasedAccount?> EraseAsync(long accountId, AuditInTransaction<ErasedAccount>? audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT email AS Email, role AS Role FROM users WHERE id = @Id", new { Id = accountId }, transaction, cancellationToken: cancellationToken));
        if (found is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        var parameters = new { Id = accountId };
        var memberships = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM study_members WHERE user_id = @Id", parameters, transaction, cancellationToken: cancellationToken));
        var codes = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM free_text_coder_codes WHERE coder_id = @Id", parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM password_resets WHERE user_id = @Id", parameters, transaction, cancellationToken: cancellationToken));
        var enrolments = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE participants SET user_id = NULL WHERE user_id = @Id", parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM users WHERE id = @Id", parameters, transaction, cancellationToken: cancellationToken));
        var legacy = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            LegacyAuditCount, new { Pattern = LikePattern(found.Email) }, transaction, cancellationToken: cancellationToken));
        var erased = new ErasedAccount(accountId, found.Role, memberships, codes, enrolments, checked((int)legacy));
        if (audit is not null) await audit.WriteAsync(connection, transaction, erased, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return erased;
    }

    /// <summary>
    /// Audit entries that hold an e-mail address: written by versions before the pseudonymous actor format (actor = the
    /// address; the CLI's account.created payload). They cannot be rewritten without breaking the keyed chain; see
    /// docs/deployment.md, "Deleting accounts".
    /// </summary>
    public async Task<int> CountLegacyAuditEntriesAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return checked((int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            LegacyAuditCount, new { Pattern = LikePattern(email) }, cancellationToken: cancellationToken)));
    }

    private const string LegacyAuditCount =
        "SELECT COUNT(*) FROM audit_log WHERE lower(actor) LIKE @Pattern ESCAPE '!' OR lower(payload_json) LIKE @Pattern ESCAPE '!'";

    /// <summary>%address% with LIKE's wildcards in the address escaped, so '_' in an address matches only '_'.</summary>
    private static string LikePattern(string email) =>
        "%" + email.Trim().ToLowerInvariant().Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal) + "%";

    private sealed class Row
    {
        public string Email { get; init; } = "";
        public string Role { get; init; } = "";
    }
}
