using System.Globalization;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// Outcome of walking the audit chain. When broken, <see cref="BrokenSeq"/> is the first entry that fails (for a
/// truncated log: the first missing one). <see cref="Head"/> is the newest entry that verified; record it elsewhere and
/// pass it back as the expected head next time. <see cref="UnkeyedEntries"/> counts the pre-0008 prefix.
/// </summary>
public sealed record AuditVerification(bool IsValid, long EntriesChecked, long? BrokenSeq, string? Reason, AuditHead Head, long UnkeyedEntries)
{
    public string HeadHash => Head.Hash;
}

/// <summary>
/// Re-computes every entry's HMAC and link under the key its key id names. Catches edits, inserted, deleted or
/// re-ordered rows, and a chain recomputed without the key (plain SHA-256 or another key). Deleting the newest entries
/// leaves a valid shorter chain: only an expected head recorded elsewhere (an export's <c>audit-head.txt</c>, a backup
/// note) reveals it.
/// </summary>
public sealed class AuditVerifier(IDbConnectionFactory connections, AuditKeyRing keys)
{
    public async Task<AuditVerification> VerifyAsync(AuditHead? expectedHead = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        long expectedSeq = 1;
        var head = AuditHead.Empty;
        long checkedCount = 0, unkeyed = 0;
        var keyedSeen = false;
        foreach (var entry in AuditLog.Stream(connection, connections.Dialect))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reason = FindProblem(entry, expectedSeq, head.Hash, keyedSeen);
            if (reason is null && expectedHead is not null && entry.Seq == expectedHead.Seq && !string.Equals(entry.Hash, expectedHead.Hash, StringComparison.Ordinal))
            {
                reason = $"hash {entry.Hash} differs from the expected head {expectedHead}: the chain was rewritten from here or before and re-hashed.";
            }
            if (reason is not null)
            {
                return new AuditVerification(false, checkedCount, entry.Seq, reason, head, unkeyed);
            }
            checkedCount++;
            keyedSeen |= entry.KeyId.Length > 0;
            unkeyed += entry.KeyId.Length == 0 ? 1 : 0;
            expectedSeq = entry.Seq + 1;
            head = new AuditHead(entry.Seq, entry.Hash);
        }
        if (expectedHead is not null && head.Seq < expectedHead.Seq)
        {
            var missing = head.Seq + 1 == expectedHead.Seq
                ? string.Create(CultureInfo.InvariantCulture, $"entry {expectedHead.Seq} is missing")
                : string.Create(CultureInfo.InvariantCulture, $"entries {head.Seq + 1}…{expectedHead.Seq} are missing");
            return new AuditVerification(false, checkedCount, head.Seq + 1,
                $"the log ends at seq {head.Seq} but the expected head is {expectedHead}: {missing} (the newest entries were deleted).", head, unkeyed);
        }
        return new AuditVerification(true, checkedCount, null, null, head, unkeyed);
    }

    private string? FindProblem(AuditEntry entry, long expectedSeq, string prevHash, bool keyedSeen)
    {
        if (entry.Seq != expectedSeq)
        {
            return $"seq {entry.Seq} follows seq {expectedSeq - 1}: expected {expectedSeq} (an entry was deleted or renumbered).";
        }
        if (!string.Equals(entry.PrevHash, prevHash, StringComparison.Ordinal))
        {
            return entry.Seq == 1
                ? $"prev_hash of the first entry is {entry.PrevHash}, expected the genesis value {prevHash}."
                : $"prev_hash {entry.PrevHash} does not match the hash of seq {entry.Seq - 1} ({prevHash}): the previous entry was rewritten or replaced.";
        }
        string recomputed;
        if (entry.KeyId.Length == 0)
        {
            if (keyedSeen)
            {
                return "entry has no key id (a plain SHA-256 hash) after keyed entries: unkeyed entries exist only before the chain was keyed, so this one was rewritten.";
            }
            recomputed = AuditHash.ComputeUnkeyed(entry);
        }
        else if (keys.TryGetKey(entry.KeyId, out var key))
        {
            recomputed = AuditHash.Compute(entry, key);
        }
        else
        {
            return $"entry is hashed with key id '{entry.KeyId}', which is not among the configured audit keys ({string.Join(", ", keys.KeyIds.Order(StringComparer.Ordinal))}): keep retired keys in MisuseLab:Audit:Keys.";
        }
        if (!string.Equals(entry.Hash, recomputed, StringComparison.Ordinal))
        {
            return $"stored hash {entry.Hash} differs from the HMAC of the stored fields under key '{entry.KeyId}': this entry was changed after it was written.";
        }
        return null;
    }
}
