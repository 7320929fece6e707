using System.Globalization;
using System.Text.Json;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;

namespace MisuseLab.Platform.Accounts;

/// <summary>What deleting an account did (null <see cref="Erased"/>: nothing changed), and the sentence to show.</summary>
public sealed record AccountDeletionOutcome(ErasedAccount? Erased, string Message)
{
    public bool Deleted => Erased is not null;
}

/// <summary>
/// Deleting an account, by its owner or by an admin (web or CLI): the e-mail address leaves the database
/// (<see cref="AccountEraser"/>), and the audit entry <c>account.deleted</c>, written in the same transaction, holds the
/// pseudonymous id and counts only. The last admin account is kept, or nobody could administer the platform.
/// </summary>
public sealed class AccountDeletion(UserRepository users, AccountEraser eraser, AuditLog audit)
{
    public async Task<AccountDeletionOutcome> DeleteAsync(long accountId, string actor, CancellationToken cancellationToken)
    {
        var account = await users.FindByIdAsync(accountId, cancellationToken);
        if (account is null)
        {
            return new(null, string.Create(CultureInfo.InvariantCulture, $"Expected an existing account; there is no account {accountId}."));
        }
        if (account.Role == Roles.Admin && (await users.ListAsync(cancellationToken)).Count(u => u.Role == Roles.Admin) == 1)
        {
            return new(null, "This is the only admin account; make another admin before deleting it.");
        }
        var erased = await eraser.EraseAsync(accountId, audit.InTransaction<ErasedAccount>(e => new AuditRecord(actor, "account.deleted", AuditActor.User(e.Id),
            JsonSerializer.Serialize(new { role = e.Role, memberships = e.Memberships, coder_codes = e.CoderCodes, enrolments_kept = e.Enrolments, legacy_audit_entries = e.LegacyAuditEntries }))),
            cancellationToken);
        if (erased is null)
        {
            return new(null, string.Create(CultureInfo.InvariantCulture, $"Account {accountId} was deleted meanwhile."));
        }
        var legacy = erased.LegacyAuditEntries == 0 ? ""
            : string.Create(CultureInfo.InvariantCulture, $" {erased.LegacyAuditEntries} audit entries written by an older version still contain the address; see docs/deployment.md, \"Deleting accounts\".");
        return new(erased, string.Create(CultureInfo.InvariantCulture,
            $"The account and its e-mail address are deleted ({erased.Memberships} study memberships, {erased.CoderCodes} blind codes removed; {erased.Enrolments} study enrolments kept under their pseudonyms).{legacy}"));
    }

    /// <summary>Deletes the account with address <paramref name="email"/> (any letter case).</summary>
    public async Task<AccountDeletionOutcome> DeleteByEmailAsync(string email, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var account = await users.FindByEmailAsync(email, cancellationToken);
        return account is null
            ? new(null, $"Expected the address of an account; there is no account for '{email.Trim()}'.")
            : await DeleteAsync(account.Id, actor, cancellationToken);
    }
}
