using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MisuseLab.Analysis.Coding;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Analysis.Tests.Coding;

public sealed class BlindTokenKeyTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>HMAC by its definition (RFC 2104): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), K zero-padded to SHA-256's 64-byte block.</summary>
    private static byte[] Rfc2104(byte[] key, byte[] message)
    {
        var block = new byte[64];
        key.CopyTo(block, 0);
        var inner = SHA256.HashData([.. block.Select(b => (byte)(b ^ 0x36)), .. message]);
        return SHA256.HashData([.. block.Select(b => (byte)(b ^ 0x5c)), .. inner]);
    }

    [Fact]
    public void A_token_is_the_keyed_hmac_of_version_participant_and_item()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(7 * i + 1)).ToArray();
        var expected = Convert.ToHexStringLower(Rfc2104(key, Bytes("blind-code/3/41/why")))[..16];
        Assert.Equal(expected, new BlindTokenKey(key).Token(3, 41, "why"));
    }

    [Fact]
    public void Without_the_key_guessing_every_participant_finds_no_token()
    {
        // The attack the key stops: a coder who knows the version id and the item hashes every candidate participant id.
        var key = BlindTokenKey.FromAuditKeys(AuditKeyRing.Generate());
        var tokens = Enumerable.Range(1, 2000).Select(p => key.Token(3, p, "why")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(2000, tokens.Count);
        for (var p = 1; p <= 2000; p++)
        {
            var unkeyed = Convert.ToHexStringLower(SHA256.HashData(Bytes(string.Create(CultureInfo.InvariantCulture, $"blind-code/3/{p}/why"))))[..16];
            Assert.DoesNotContain(unkeyed, tokens);
        }
        // Another deployment's key gives other tokens for the same answer.
        Assert.NotEqual(key.Token(3, 41, "why"), BlindTokenKey.FromAuditKeys(AuditKeyRing.Generate()).Token(3, 41, "why"));
    }

    [Fact]
    public void The_key_is_derived_from_the_current_audit_key_by_hkdf_and_is_not_the_audit_key_itself()
    {
        var auditKey = Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray();
        var ring = new AuditKeyRing("k1", new Dictionary<string, byte[]> { ["k1"] = auditKey });
        // HKDF-SHA256 (RFC 5869), empty salt: PRK = HMAC(zeros(32), IKM); OKM = HMAC(PRK, info ‖ 0x01) for one block.
        var prk = Rfc2104(new byte[32], auditKey);
        var okm = Rfc2104(prk, [.. Bytes("misuselab/blind-coding-token/v1"), 0x01]);
        var token = BlindTokenKey.FromAuditKeys(ring).Token(9, 2, "why");
        Assert.Equal(new BlindTokenKey(okm).Token(9, 2, "why"), token);
        Assert.NotEqual(new BlindTokenKey(auditKey).Token(9, 2, "why"), token);
        Assert.Throws<ArgumentException>(() => new BlindTokenKey(new byte[31]));
    }
}
