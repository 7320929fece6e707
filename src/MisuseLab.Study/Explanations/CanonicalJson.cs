using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// The one way MisuseLab writes JSON that gets hashed: properties in the order the writer emits them (fixed per
/// type), no optional whitespace, invariant culture, doubles in the shortest form that round-trips ("R"),
/// and only the escaping JSON requires, so the same value always gives the same bytes.
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

    public static void WriteNumberArray(Utf8JsonWriter writer, string propertyName, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(propertyName);
        for (var i = 0; i < values.Count; i++) WriteNumber(writer, values[i]);
        writer.WriteEndArray();
    }

    public static void WriteStringArray(Utf8JsonWriter writer, string propertyName, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(propertyName);
        for (var i = 0; i < values.Count; i++) writer.WriteStringValue(values[i]);
        writer.WriteEndArray();
    }
}
