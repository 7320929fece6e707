namespace MisuseLab.Storage.Audit;

/// <summary>An entry still to be written: what happened, to what, by whom. Seq, time and hashes are the log's to add.</summary>
public sealed record AuditRecord(string Actor, string Action, string Entity, string PayloadJson);
