using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// The identity of a study's content: SHA-256 (lower-case hex) of its canonical JSON — object properties sorted
/// by ordinal name, no whitespace, integers as integers and other numbers in shortest round-trip form, strings
/// with minimal escaping. Formatting, property order and number spelling (1.0 vs 1) do not change it; any
/// change of content does. Recorded when a study is launched.
/// </summary>
public static class StudyHash
{
    public static string Compute(JsonElement root) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(root)));

    public static string Compute(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Compute(doc.RootElement);
    }

    public static byte[] CanonicalBytes(JsonElement root) => CanonicalJson.ToBytes(w => Write(w, root));

    public static string CanonicalString(JsonElement root) => Encoding.UTF8.GetString(CanonicalBytes(root));

    private static void Write(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                // Stable sort keeps duplicate names (which validation rejects anyway) in file order.
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(e.GetString());
                break;
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var n)) w.WriteNumberValue(n);
                else
                {
                    var d = e.GetDouble();
                    if (d == Math.Floor(d) && Math.Abs(d) < 9e15) w.WriteNumberValue((long)d);
                    else CanonicalJson.WriteNumber(w, d);
                }
                break;
            case JsonValueKind.True:
                w.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                w.WriteBooleanValue(false);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }
}
