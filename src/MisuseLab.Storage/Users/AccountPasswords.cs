using Microsoft.AspNetCore.Identity;

namespace MisuseLab.Storage.Users;

/// <summary>
/// Password hashing and the password rule, shared by the web app and <c>misuselab users add</c> so an
/// account made by either signs in through the other. Hashing is ASP.NET Core Identity's PasswordHasher
/// (PBKDF2 with per-password salt, format V3); we never write our own.
/// </summary>
public static class AccountPasswords
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 256;

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // Verified against when the e-mail is unknown, so a miss costs as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => Hash("decoy password that matches nothing"));

    /// <summary>Null when acceptable, else a sentence saying what is required.</summary>
    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"Use at least {MinimumLength} characters for the password (found {password?.Length ?? 0}). A short phrase is easiest to remember.";
        }
        if (password.Length > MaximumLength)
        {
            return $"Use at most {MaximumLength} characters for the password (found {password.Length}).";
        }
        return string.IsNullOrWhiteSpace(password) ? "The password cannot be only spaces." : null;
    }

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Failed, Success, or SuccessRehashNeeded (store <see cref="Hash"/> again).</summary>
    public static PasswordVerificationResult Verify(string storedHash, string password) =>
        Hasher.VerifyHashedPassword(null!, storedHash, password);

    /// <summary>Burns the same time as a real verification; always fails.</summary>
    public static PasswordVerificationResult VerifyDecoy(string password)
    {
        Hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
        return PasswordVerificationResult.Failed;
    }
}
