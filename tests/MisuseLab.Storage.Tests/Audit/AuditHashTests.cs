using System.Security.Cryptography;
using System.Text;
using MisuseLab.Storage.Audit;

namespace MisuseLab.Storage.Tests.Audit;

public sealed class AuditHashTests
{
    [Fact]
    public void Hash_is_sha256_of_the_documented_canonical_json_array()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        // Independent oracle: the canonical text written out by hand (UTC, microseconds, compact JSON array).
        const string canonical = "[7,\"2026-01-02T01:04:05.123456Z\",\"ann\",\"study.launched\",\"study/adult\",\"{\\u0022k\\u0022:1}\",\"" +
                                 "0000000000000000000000000000000000000000000000000000000000000000\"]";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, AuditHash.Compute(7, at, "ann", "study.launched", "study/adult", "{\"k\":1}", AuditHash.Genesis));
    }

    [Fact]
    public void Field_boundaries_cannot_be_shifted()
    {
        var at = DateTimeOffset.UnixEpoch;

        Assert.NotEqual(
            AuditHash.Compute(1, at, "ab", "c", "e", "{}", AuditHash.Genesis),
            AuditHash.Compute(1, at, "a", "bc", "e", "{}", AuditHash.Genesis));
    }
}
