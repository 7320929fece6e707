namespace MisuseLab.Storage.Audit;

/// <summary>One link of the audit chain. <see cref="Hash"/> = <see cref="AuditHash.Compute"/> over the other fields.</summary>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Entity,
    string PayloadJson,
    string PrevHash,
    string Hash);
