using System.Security.Cryptography;
using System.Text;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Platform.Enrolment;

/// <summary>
/// The signature on a panel study's entry URL (<c>/join/{slug}?PROLIFIC_PID=…&amp;sig=…</c>): HMAC-SHA256 over the
/// study's slug under a key derived (HKDF, its own label) from each audit key, so no key is used for two purposes and no
/// new secret needs configuring. The panel substitutes the participant's id into the URL when they click it, so the
/// signature cannot cover the id: it proves the URL came from this server for this study (someone who only knows the
/// slug cannot invent an entry), and the id then names who enters. It covers the slug, not the version, so the URL
/// pasted into the panel keeps working when the facilitator launches a new version (newcomers join the current one).
/// Verification tries every key in the ring, so rotating the audit key (old keys stay in the ring) keeps URLs valid.
/// </summary>
public sealed class PanelEntrySignature
{
    /// <summary>The query parameter that carries the signature.</summary>
    public const string Parameter = "sig";

    // 128 bits of the MAC, base64url: 22 characters, short enough to read in a panel's URL field.
    private const int MacBytes = 16;
    private static readonly byte[] Label = Encoding.UTF8.GetBytes("misuselab/panel-entry-url/v1");

    private readonly byte[]? _signing;
    private readonly IReadOnlyList<byte[]> _verifying;

    /// <param name="keys">The audit keys; null (a host without audit keys) signs nothing and admits no panel entry.</param>
    public PanelEntrySignature(AuditKeyRing? keys)
    {
        if (keys is null)
        {
            _verifying = [];
            return;
        }
        _verifying = keys.KeyIds.Select(id => Derive(keys, id)).ToList();
        _signing = Derive(keys, keys.CurrentKeyId);
    }

    public string Sign(string slug) => Base64Url(Mac(_signing ?? throw new InvalidOperationException(
        "No audit key is configured, so panel entry URLs cannot be signed; configure MisuseLab:Audit (see docs/deployment.md)."), slug));

    /// <summary>
    /// The entry path to paste into the panel: the panel replaces each <c>{{%…%}}</c> with the participant's id, the study's
    /// and the session's when the participant clicks it (Prolific's placeholders). Only PROLIFIC_PID is used: it is who enters.
    /// </summary>
    public string EntryPath(string slug) =>
        $"/join/{Uri.EscapeDataString(slug)}?PROLIFIC_PID={{{{%PROLIFIC_PID%}}}}&STUDY_ID={{{{%STUDY_ID%}}}}&SESSION_ID={{{{%SESSION_ID%}}}}&{Parameter}={Sign(slug)}";

    /// <summary>Whether <paramref name="signature"/> is this server's signature for <paramref name="slug"/> (constant time per key).</summary>
    public bool Verify(string slug, string? signature)
    {
        if (signature is null || signature.Length != 22 || !TryDecode(signature, out var given))
        {
            return false;
        }
        var valid = false;
        foreach (var key in _verifying)
        {
            valid |= CryptographicOperations.FixedTimeEquals(Mac(key, slug), given);
        }
        return valid;
    }

    private static byte[] Derive(AuditKeyRing keys, string id)
    {
        keys.TryGetKey(id, out var key);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: [], info: Label);
    }

    private static byte[] Mac(byte[] key, string slug) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(slug))[..MacBytes];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = new byte[MacBytes];
        var padded = text.Replace('-', '+').Replace('_', '/') + "==";
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == MacBytes;
    }
}
