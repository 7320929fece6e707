using System.Text.Json;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// An effect's "x": a JSON array of numbers (numeric axis) or of strings (categorical axis). The one place a
/// payload's JSON needs a converter, because the array's element type depends on the axis kind. Numbers go
/// through the serializer's own double handling, so they are written exactly like every other payload number.
/// </summary>
internal sealed class EffectAxisJsonConverter : JsonConverter<EffectAxis>
{
    public override EffectAxis Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected an array of numbers or of strings; found {reader.TokenType}.");
        var numbers = new List<double>();
        var labels = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = numbers.Count + labels.Count;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when labels.Count == 0:
                    numbers.Add(reader.GetDouble());
                    break;
                case JsonTokenType.String when numbers.Count == 0:
                    labels.Add(reader.GetString()!);
                    break;
                default:
                    throw new JsonException($"Expected x[{index}] to be {(labels.Count > 0 ? "a string like the values before it" : numbers.Count > 0 ? "a number like the values before it" : "a number or a string")}; found {reader.TokenType}.");
            }
        }
        try
        {
            return labels.Count > 0 ? EffectAxis.Categorical(labels) : EffectAxis.Numeric(numbers);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, EffectAxis value, JsonSerializerOptions options)
    {
        if (value.Kind == EffectAxisKind.Numeric) JsonSerializer.Serialize(writer, value.Numbers, PayloadJsonContext.Default.ImmutableArrayDouble);
        else JsonSerializer.Serialize(writer, value.Labels, PayloadJsonContext.Default.ImmutableArrayString);
    }
}
