using System.Security.Cryptography;
using System.Text;

namespace MisuseLab.Platform.Sessions;

/// <summary>
/// Sign-in link tokens: 32 random bytes, base64url (43 characters), so a link cannot be guessed; stored and looked up
/// only as the SHA-256 of the token (lowercase hex), so the database never holds a usable link.
/// </summary>
public static class LinkTokens
{
    public const int TokenLength = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> has the shape <see cref="New"/> gives (checked before any lookup).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
