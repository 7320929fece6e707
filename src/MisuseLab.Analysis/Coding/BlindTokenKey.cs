using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Analysis.Coding;

/// <summary>
/// The secret behind blind-coding tokens. A token is the first 16 hex digits of
/// HMAC-SHA256(key, "blind-code/{version id}/{participant id}/{item}"). Unkeyed, that message is guessable (ids are
/// small sequential numbers, item ids are in the study file), so a coder could hash every candidate and learn which
/// participant — and from the participant list, which cell — wrote an answer; keyed, the token says nothing without
/// the key, which lives in configuration outside the database.
/// </summary>
/// <remarks>
/// Why derive it from the audit key rather than add a setting: the audit key is already a required, deployed secret
/// kept outside the database (<c>MisuseLab:Audit</c>); HKDF-SHA256 (RFC 5869) with a label of its own gives an
/// independent key for this one purpose, so a token reveals nothing about the audit chain's key either. Rotating the
/// audit key changes every token; codes are stored by participant and item, never by token, so none is lost.
/// </remarks>
public sealed class BlindTokenKey
{
    public const int KeyBytes = 32;
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("misuselab/blind-coding-token/v1");
    private readonly byte[] _key;

    public BlindTokenKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < KeyBytes)
            throw new ArgumentException($"A blind-coding token key needs at least {KeyBytes} bytes; found {key.Length}.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>The key derived from the audit chain's current key (see remarks).</summary>
    public static BlindTokenKey FromAuditKeys(AuditKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.TryGetKey(keys.CurrentKeyId, out var auditKey))
            throw new AuditKeyException($"The current audit key '{keys.CurrentKeyId}' is not in the ring; expected it there to derive the blind-coding key.");
        return new BlindTokenKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, auditKey, KeyBytes, salt: [], info: Label));
    }

    public string Token(long versionId, long participantId, string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blind-code/{versionId}/{participantId}/{itemId}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, message))[..16];
    }
}
