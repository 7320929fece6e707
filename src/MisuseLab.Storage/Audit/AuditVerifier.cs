using MisuseLab.Storage.Connections;

namespace MisuseLab.Storage.Audit;

/// <summary>Outcome of walking the audit chain. When broken, <see cref="BrokenSeq"/> is the first entry that fails.</summary>
public sealed record AuditVerification(bool IsValid, long EntriesChecked, long? BrokenSeq, string? Reason, string HeadHash);

/// <summary>
/// Re-computes every entry's hash and link. Catches edits, inserted or deleted rows in the middle and
/// re-ordered rows. Truncating the newest entries is only visible against a head hash recorded elsewhere
/// (<see cref="AuditVerification.HeadHash"/>), so export it with backups.
/// </summary>
public sealed class AuditVerifier(IDbConnectionFactory connections)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        long expectedSeq = 1;
        var prevHash = AuditHash.Genesis;
        long checkedCount = 0;
        foreach (var entry in AuditLog.Stream(connection, connections.Dialect))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reason = FindProblem(entry, expectedSeq, prevHash);
            if (reason is not null)
            {
                return new AuditVerification(false, checkedCount, entry.Seq, reason, prevHash);
            }
            checkedCount++;
            expectedSeq = entry.Seq + 1;
            prevHash = entry.Hash;
        }
        return new AuditVerification(true, checkedCount, null, null, prevHash);
    }

    private static string? FindProblem(AuditEntry entry, long expectedSeq, string prevHash)
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
        var recomputed = AuditHash.Compute(entry);
        if (!string.Equals(entry.Hash, recomputed, StringComparison.Ordinal))
        {
            return $"stored hash {entry.Hash} differs from the hash of the stored fields ({recomputed}): this entry was changed after it was written.";
        }
        return null;
    }
}
