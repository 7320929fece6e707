using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// Canonical JSON written from a document rather than from a type (the study file's hash): properties in the order
/// the writer emits them, no optional whitespace, invariant culture, doubles in the shortest form that round-trips
/// ("R"), and only the escaping JSON requires, so the same value always gives the same bytes. Payloads and stimuli
/// get the same form through <see cref="PayloadJson"/>.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // The default encoder escapes '<', '+', non-ASCII etc.; relaxed escaping keeps text as written, and the
        // bytes stay deterministic because the encoder is fixed here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Runs <paramref name="write"/> against a canonical writer and returns the UTF-8 bytes.</summary>
    public static byte[] ToBytes(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a finite double in its shortest round-trip form; JSON has no NaN or infinity.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Expected a finite number; JSON cannot carry NaN or infinity. Check the value at its source.");
        writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    public static void WriteNumber(Utf8JsonWriter writer, string propertyName, double value)
    {
        writer.WritePropertyName(propertyName);
        WriteNumber(writer, value);
    }
}
