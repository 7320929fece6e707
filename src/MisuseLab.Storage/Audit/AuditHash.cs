using System.Security.Cryptography;
using System.Text.Json;
using MisuseLab.Storage.Dialects;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// The audit chain's hash: lower-case hex HMAC-SHA256, under the key named by the entry's key id, of the UTF-8
/// canonical form, a compact JSON array <c>[seq, "at", "actor", "action", "entity", "payload_json", "prev_hash",
/// "key_id"]</c> written by System.Text.Json's Utf8JsonWriter (default encoder), with <c>at</c> as
/// <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (UTC, microseconds). A JSON array keeps field boundaries unambiguous whatever
/// characters the fields hold; payload_json is hashed as the exact stored text. Entries written before migration 0008
/// have no key id and a plain SHA-256 over the same array without it (<see cref="ComputeUnkeyed"/>): anyone can
/// recompute those, which is why the verifier accepts them only before the first keyed entry.
/// </summary>
public static class AuditHash
{
    /// <summary>prev_hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The key id of entries written before the chain was keyed.</summary>
    public const string UnkeyedId = "";

    public static string Compute(long seq, DateTimeOffset at, string actor, string action, string entity, string payloadJson, string prevHash, string keyId, byte[] key)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Canonical(seq, at, actor, action, entity, payloadJson, prevHash, keyId)));
    }

    /// <summary>The pre-0008 hash: SHA-256 without a key or key id.</summary>
    public static string ComputeUnkeyed(long seq, DateTimeOffset at, string actor, string action, string entity, string payloadJson, string prevHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(seq, at, actor, action, entity, payloadJson, prevHash, keyId: null)));

    public static string ComputeUnkeyed(AuditEntry entry) =>
        ComputeUnkeyed(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Entity, entry.PayloadJson, entry.PrevHash);

    public static string Compute(AuditEntry entry, byte[] key) =>
        Compute(entry.Seq, entry.At, entry.Actor, entry.Action, entry.Entity, entry.PayloadJson, entry.PrevHash, entry.KeyId, key);

    private static byte[] Canonical(long seq, DateTimeOffset at, string actor, string action, string entity, string payloadJson, string prevHash, string? keyId)
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
            if (keyId is not null) writer.WriteStringValue(keyId);
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
