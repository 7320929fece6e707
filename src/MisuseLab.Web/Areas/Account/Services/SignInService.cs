using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Areas.Account.Services;

/// <summary>
/// Outcome of a sign-in attempt: a principal, or nothing. Deliberately no reason: a wrong password, a locked account and
/// an unknown address must look the same to the client, or the form tells an attacker which addresses have accounts.
/// </summary>
public sealed record SignInResult(ClaimsPrincipal? Principal)
{
    public bool Succeeded => Principal is not null;
}

/// <summary>Registration and password sign-in with lockout; the controllers only render what this decides.</summary>
public sealed class SignInService(UserRepository users, AuditLog audit, IOptions<AccountOptions> options, TimeProvider clock)
{
    private static readonly SignInResult Refused = new(null);

    /// <summary>
    /// Checks the password; every path that refuses runs PBKDF2 once (against a decoy hash when there is no account or
    /// it is locked), so the time taken does not tell the three apart either. A lockout refuses new sign-ins only:
    /// sessions already signed in stay valid (<see cref="IsStillValidAsync"/>), so failed attempts by a stranger cannot
    /// throw the account's owner out of a study half-way.
    /// </summary>
    public async Task<SignInResult> PasswordSignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = await users.FindByEmailAsync(email, cancellationToken);
        if (user is null || user.IsLockedOut(now))
        {
            AccountPasswords.VerifyDecoy(password);
            return Refused;
        }
        var verdict = AccountPasswords.Verify(user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var settings = options.Value;
            // The lockout's audit entry commits with the update that locked the account, or not at all.
            var lockedAudit = audit.InTransaction<LoginFailure>(f => f.LockoutEnd is { } end && end > now
                ? [new AuditRecord(AuditActor.User(user.Id), "account.locked_out", $"user/{user.Id}",
                    JsonSerializer.Serialize(new { until = end.ToString("O"), failures = settings.MaxFailedLogins }))]
                : []);
            await users.RecordFailedLoginAsync(user.Id, now, settings.MaxFailedLogins, TimeSpan.FromMinutes(settings.LockoutMinutes), lockedAudit, cancellationToken);
            return Refused;
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.UpdatePasswordHashAsync(user.Id, AccountPasswords.Hash(password), cancellationToken);
        }
        if (user.FailedLogins != 0 || user.LockoutEnd is not null)
        {
            await users.ResetLoginFailuresAsync(user.Id, cancellationToken);
        }
        return new SignInResult(CreatePrincipal(user));
    }

    /// <summary>
    /// Whether a signed-in account principal still matches its row: the account exists and has the same role. Lets a
    /// role change or deletion take effect on the next request rather than when the cookie expires. A lockout is
    /// deliberately not checked: anyone can lock an account by guessing wrong, and that must not end its open sessions.
    /// Principals not made by <see cref="CreatePrincipal"/> are left alone.
    /// </summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(ClaimTypes.AuthenticationMethod) != AccountAuthenticationMethod)
        {
            return true;
        }
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        var user = await users.FindByIdAsync(id, cancellationToken);
        return user is not null && user.Role == principal.FindFirstValue(ClaimTypes.Role);
    }

    /// <summary>
    /// Creates a participant account unless the address already has one; either way the caller answers the same (and
    /// the password is hashed either way, so the time taken is the same too): "already exists" would tell anyone which
    /// addresses have accounts. Nobody is signed in here — a new account's owner signs in next, as does an existing one's.
    /// </summary>
    public async Task RegisterAsync(string email, string password, CancellationToken cancellationToken)
    {
        var hash = AccountPasswords.Hash(password);
        try
        {
            await users.AddAsync(email, hash, Roles.Participant, clock.GetUtcNow(),
                audit.InTransaction<UserAccount>(a => new AuditRecord(AuditActor.User(a.Id), "account.registered", $"user/{a.Id}",
                    JsonSerializer.Serialize(new { role = a.Role }))), cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // The address has an account: nothing changes, and the answer does not say so.
        }
    }

    /// <summary>Marks principals that stand for a row in <c>users</c> (checked again on every request).</summary>
    public const string AccountAuthenticationMethod = "misuselab-account";

    public static ClaimsPrincipal CreatePrincipal(UserAccount user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.AuthenticationMethod, AccountAuthenticationMethod),
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Email),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
