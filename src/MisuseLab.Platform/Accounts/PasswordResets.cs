using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;

namespace MisuseLab.Platform.Accounts;

/// <summary>A reset link on its way to an account's owner: the address to send it to, the link and when it stops working.</summary>
public sealed record ResetLink(string Email, string Url, DateTimeOffset ExpiresAt);

/// <summary>Delivers a reset link to the account's owner (a mail pickup directory, a mail relay …). Never logs the link.</summary>
public interface IResetLinkSender
{
    Task SendAsync(ResetLink link, CancellationToken cancellationToken);
}

/// <summary>
/// Password reset: a link carrying a random 256-bit token, stored only as its SHA-256 (<see cref="PasswordResetRepository"/>),
/// single-use and expiring after <see cref="PasswordResetOptions.ExpiryMinutes"/>. Who asks learns nothing: requests are
/// answered before this runs (<see cref="PasswordResetQueue"/>), and <see cref="ResetAsync"/> hashes the new password
/// whatever the token, so a bad token costs the same PBKDF2 run as a good one.
/// </summary>
public sealed class PasswordResets(UserRepository users, PasswordResetRepository resets, AuditLog audit, IOptions<PasswordResetOptions> options, TimeProvider clock)
{
    /// <summary>
    /// A new link for the account with <paramref name="email"/>, or null when there is none. Locked accounts get one too:
    /// a reset is how an owner gets back in, and using it ends the lockout.
    /// </summary>
    public async Task<ResetLink?> IssueAsync(string email, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var account = await users.FindByEmailAsync(email, cancellationToken);
        if (account is null) return null;
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(options.Value.ExpiryMinutes);
        await resets.CreateAsync(account.Id, PasswordResetRepository.HashToken(token), now, expires,
            audit.InTransaction<long>(id => new AuditRecord(actor, "account.reset-link-issued", AuditActor.User(id), $"{{\"expires_minutes\":{options.Value.ExpiryMinutes}}}")), cancellationToken);
        return new ResetLink(account.Email, LinkFor(token), expires);
    }

    /// <summary>
    /// Sets a new password with the link's <paramref name="token"/>; false when the token is unknown, used or expired
    /// (nothing changed). The password must meet <see cref="AccountPasswords.MinimumLength"/>; the caller checks.
    /// </summary>
    public async Task<bool> ResetAsync(string? token, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        // Hashed first, whatever the token: the answer's timing must not tell a live token from a dead one.
        var hash = AccountPasswords.Hash(newPassword);
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return false;
        var userId = await resets.ConsumeAsync(PasswordResetRepository.HashToken(token), hash, clock.GetUtcNow(),
            audit.InTransaction<long>(id => new AuditRecord(AuditActor.User(id), "account.password-reset", AuditActor.User(id), "{}")), cancellationToken);
        return userId is not null;
    }

    public string LinkFor(string token) => (options.Value.BaseUrl?.TrimEnd('/') ?? "") + "/account/reset?token=" + token;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
