using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// The canonical JSON of payloads (and of the stimuli that hold them), through System.Text.Json's source-generated
/// contract: no optional whitespace, doubles in their shortest round-trip form, only the escaping JSON requires.
/// Reading a payload back lets an analyst re-open exactly what a participant saw; reading then writing gives back
/// the same bytes.
/// </summary>
public static class PayloadJson
{
    /// <summary>
    /// The generated contract with the same relaxed encoder as <see cref="CanonicalJson"/>: the default encoder escapes
    /// '&lt;', '+', non-ASCII etc.; a fixed encoder keeps text as written and the bytes deterministic.
    /// </summary>
    internal static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(PayloadJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The "kind" discriminators, as the serializer knows them from <see cref="ExplanationPayload"/>'s attributes.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        TypeInfo<ExplanationPayload>().PolymorphismOptions!.DerivedTypes.Select(d => (string)d.TypeDiscriminator!).ToArray();

    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static byte[] ToBytes(ExplanationPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return JsonSerializer.SerializeToUtf8Bytes(payload, TypeInfo<ExplanationPayload>());
    }

    /// <summary>Reads a payload; throws <see cref="PayloadFormatException"/> naming the JSON path of what is wrong.</summary>
    public static ExplanationPayload Parse(string json) => Read<ExplanationPayload>(json, "payload");

    /// <summary>
    /// Deserialises <paramref name="json"/> as <typeparamref name="T"/>. Type and shape errors carry the serializer's
    /// JSON path; an inconsistent value (a constructor's check) is reported at the root with the constructor's message.
    /// </summary>
    internal static T Read<T>(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo<T>())
                   ?? throw new PayloadFormatException($"$: expected a {what} object; found null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException && e.Message.Contains("type discriminator", StringComparison.Ordinal))
        {
            // An unknown "kind" (JsonException) or none at all (NotSupportedException) is reported at the enclosing
            // object; name the property itself.
            throw new PayloadFormatException($"{PathOf(e)}.kind: expected one of {string.Join(", ", Kinds)}: {Plain(e.Message)}", e);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new PayloadFormatException($"{PathOf(e)}: expected {what} JSON{where}: {Plain(e.Message)}", e);
        }
        catch (ArgumentException e)
        {
            throw new PayloadFormatException($"$: the {what} is inconsistent: {e.Message}", e);
        }
    }

    /// <summary>The path of a serializer error: <see cref="JsonException.Path"/>, or the "Path: …" the serializer writes into other exceptions' messages.</summary>
    private static string PathOf(Exception e)
    {
        if (e is JsonException { Path: { } path }) return path;
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, @"Path: (\S+) \|");
        return match.Success ? match.Groups[1].Value : "$";
    }

    /// <summary>The serializer appends " Path: … | LineNumber: … | BytePositionInLine: …" to its messages; the path is already in front.</summary>
    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
