using System.Security.Cryptography;
using System.Text.Json;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// The audit chain's hash: lower-case hex SHA-256 of the UTF-8 canonical form, a compact JSON array
/// <c>[seq, "at", "actor", "action", "entity", "payload_json", "prev_hash"]</c> written by
/// System.Text.Json's Utf8JsonWriter (default encoder), with <c>at</c> as
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (UTC, microseconds). A JSON array keeps field boundaries
/// unambiguous whatever characters the fields hold; payload_json is hashed as the exact stored text.
/// </summary>
public static class AuditHash
{
    /// <summary>prev_hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(long seq, DateTimeOffset at, string actor, string action, string entity, string payloadJson, string prevHash)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 + payloadJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(seq);
            writer.WriteStringValue(SqlDialects.FormatTimestamp(at));
            writer.WriteStringValue(actor);
            writer.WriteStringValue(action);
            writer.WriteStringValue(entity);
            writer.WriteStringValue(payloadJson);
            writer.WriteStringValue(prevHash);
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    public static string Compute(AuditEntry entry) =>
        Compute(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Entity, entry.PayloadJson, entry.PrevHash);
}
