using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Stimuli;

/// <summary>
/// Canonical JSON of a stimulus — {"study":…,"version":…,"condition":…,"page":…,"instance":…|null,"key":…|null,"payload":{…}}
/// with the payload in its canonical form — and its SHA-256 as lower-case hex. The hash is what every stored
/// response carries; <see cref="Deserialize"/> re-opens the exact stimulus.
/// </summary>
public static class StimulusSerializer
{
    public static byte[] Serialize(Stimulus stimulus)
    {
        ArgumentNullException.ThrowIfNull(stimulus);
        return CanonicalJson.ToBytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("study", stimulus.StudyId);
            w.WriteString("version", stimulus.StudyVersion);
            w.WriteString("condition", stimulus.Condition);
            w.WriteString("page", stimulus.Page);
            if (stimulus.Instance is null) w.WriteNull("instance");
            else w.WriteString("instance", stimulus.Instance);
            if (stimulus.Key is null) w.WriteNull("key");
            else w.WriteString("key", stimulus.Key);
            w.WritePropertyName("payload");
            stimulus.Payload.WriteTo(w);
            w.WriteEndObject();
        });
    }

    public static string SerializeToString(Stimulus stimulus) => Encoding.UTF8.GetString(Serialize(stimulus));

    /// <summary>SHA-256 of the canonical bytes, 64 lower-case hex digits.</summary>
    public static string Hash(Stimulus stimulus) => Convert.ToHexStringLower(SHA256.HashData(Serialize(stimulus)));

    /// <summary>Reads a stimulus stored by <see cref="Serialize"/>; throws <see cref="PayloadFormatException"/> naming the JSON path of what is wrong.</summary>
    public static Stimulus Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new PayloadFormatException($"$: expected a stimulus object; found {root.ValueKind}.");
            string Str(string name) =>
                root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new PayloadFormatException($"$.{name}: expected a string.");
            var instance = root.TryGetProperty("instance", out var i)
                ? i.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => i.GetString(),
                    _ => throw new PayloadFormatException("$.instance: expected a string or null."),
                }
                : throw new PayloadFormatException("$.instance: expected a string or null; it is missing.");
            var key = root.TryGetProperty("key", out var k)
                ? k.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => k.GetString(),
                    _ => throw new PayloadFormatException("$.key: expected a string or null."),
                }
                : throw new PayloadFormatException("$.key: expected a string or null; it is missing.");
            if (!root.TryGetProperty("payload", out var payload)) throw new PayloadFormatException("$.payload: expected the payload object; it is missing.");
            return new Stimulus(Str("study"), Str("version"), Str("condition"), Str("page"), instance, PayloadJson.Read(payload, "$.payload"), key);
        }
        catch (JsonException e)
        {
            throw new PayloadFormatException($"Expected stimulus JSON; it does not parse at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }
}
