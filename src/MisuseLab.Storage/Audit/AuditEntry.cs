namespace MisuseLab.Storage.Audit;

/// <summary>
/// One link of the audit chain. <see cref="Hash"/> = <see cref="AuditHash.Compute(AuditEntry, byte[])"/> over the other
/// fields under the key <see cref="KeyId"/> (<see cref="AuditHash.UnkeyedId"/> for entries from before keying).
/// </summary>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Entity,
    string PayloadJson,
    string PrevHash,
    string Hash,
    string KeyId);
