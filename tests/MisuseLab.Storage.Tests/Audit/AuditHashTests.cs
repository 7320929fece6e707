using System.Security.Cryptography;
using System.Text;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Storage.Tests.Audit;

public sealed class AuditHashTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray();

    [Fact]
    public void Hash_is_hmac_sha256_of_the_documented_canonical_json_array_with_the_key_id()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        // Independent oracle: the canonical text written out by hand (UTC, microseconds, compact JSON array, key id last).
        const string canonical = "[7,\"2026-01-02T01:04:05.123456Z\",\"ann\",\"study.launched\",\"study/adult\",\"{\\u0022k\\u0022:1}\",\"" +
                                 "0000000000000000000000000000000000000000000000000000000000000000\",\"k1\"]";
        var expected = Convert.ToHexStringLower(new HMACSHA256(Key).ComputeHash(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, AuditHash.Compute(7, at, "ann", "study.launched", "study/adult", "{\"k\":1}", AuditHash.Genesis, "k1", Key));
    }

    [Fact]
    public void Unkeyed_hash_of_entries_from_before_keying_is_sha256_of_the_array_without_key_id()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        const string canonical = "[7,\"2026-01-02T01:04:05.123456Z\",\"ann\",\"study.launched\",\"study/adult\",\"{\\u0022k\\u0022:1}\",\"" +
                                 "0000000000000000000000000000000000000000000000000000000000000000\"]";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, AuditHash.ComputeUnkeyed(7, at, "ann", "study.launched", "study/adult", "{\"k\":1}", AuditHash.Genesis));
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted_and_the_key_and_key_id_matter()
    {
        var at = DateTimeOffset.UnixEpoch;
        var other = Key.Select(b => (byte)(b ^ 0xff)).ToArray();

        var hashes = new[]
        {
            AuditHash.Compute(1, at, "ab", "c", "e", "{}", AuditHash.Genesis, "k1", Key),
            AuditHash.Compute(1, at, "a", "bc", "e", "{}", AuditHash.Genesis, "k1", Key),
            AuditHash.Compute(1, at, "ab", "c", "e", "{}", AuditHash.Genesis, "k2", Key),
            AuditHash.Compute(1, at, "ab", "c", "e", "{}", AuditHash.Genesis, "k1", other),
        };

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Theory]
    [InlineData("12:" + "0000000000000000000000000000000000000000000000000000000000000000", 12L)]
    [InlineData("0:" + "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", 0L)]
    public void Head_round_trips_as_seq_colon_hash(string text, long seq)
    {
        var head = AuditHead.Parse(text);

        Assert.Equal(seq, head.Seq);
        Assert.Equal(text, head.ToString());
    }

    [Theory]
    [InlineData("12")]
    [InlineData("x:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("12:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("12:00")]
    [InlineData("-1:0000000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_head_is_refused_naming_the_format(string text)
    {
        var error = Assert.Throws<FormatException>(() => AuditHead.Parse(text));

        Assert.Contains("SEQ:HASH", error.Message);
    }
}
