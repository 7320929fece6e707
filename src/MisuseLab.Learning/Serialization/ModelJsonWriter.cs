using System.Globalization;
using System.Text.Json;
using MisuseLab.Learning.Binning;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Serialization;

/// <summary>
/// Writes the canonical model JSON: properties in one fixed order, no whitespace, doubles as their shortest
/// round-trip invariant text ("R"), so equal models give equal bytes and reading the text back gives the
/// same doubles bit for bit.
/// </summary>
internal static class ModelJsonWriter
{
    public static byte[] Write(TreeEnsembleModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = NewWriter(stream))
        {
            writer.WriteStartObject();
            WriteHeader(writer, ModelJson.GbdtKind, model.Schema, model.Bins);
            WriteDouble(writer, "base_score", model.BaseScore, "$.base_score");
            writer.WriteStartArray("trees");
            for (var t = 0; t < model.Trees.Length; t++) WriteTree(writer, model.Trees[t], $"$.trees[{t}]");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static byte[] Write(EbmModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = NewWriter(stream))
        {
            writer.WriteStartObject();
            WriteHeader(writer, ModelJson.EbmKind, model.Schema, model.Bins);
            WriteDouble(writer, "intercept", model.Intercept, "$.intercept");
            writer.WriteStartArray("terms");
            for (var f = 0; f < model.TermScores.Length; f++)
            {
                writer.WriteStartObject();
                WriteDoubles(writer, "scores", model.TermScores[f].AsSpan(), $"$.terms[{f}].scores");
                WriteDoubles(writer, "standard_deviations", model.TermStandardDeviations[f].AsSpan(), $"$.terms[{f}].standard_deviations");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static Utf8JsonWriter NewWriter(Stream stream) =>
        new(stream, new JsonWriterOptions { Indented = false, SkipValidation = false });

    private static void WriteHeader(Utf8JsonWriter writer, string kind, FeatureSchema schema, BinMapper? bins)
    {
        writer.WriteNumber("schema_version", ModelJson.SchemaVersion);
        writer.WriteString("kind", kind);
        writer.WriteStartArray("features");
        foreach (var feature in schema)
        {
            writer.WriteStartObject();
            writer.WriteString("name", feature.Name);
            writer.WriteString("kind", feature.IsCategorical ? "categorical" : "numeric");
            if (feature.IsCategorical)
            {
                writer.WriteStartArray("categories");
                foreach (var category in feature.Categories) writer.WriteStringValue(category);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (bins is null)
        {
            writer.WriteNull("bins");
            return;
        }
        writer.WriteStartArray("bins");
        for (var f = 0; f < bins.Features.Length; f++)
        {
            writer.WriteStartObject();
            WriteDoubles(writer, "cuts", bins.Features[f].Cuts.AsSpan(), $"$.bins[{f}].cuts");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteTree(Utf8JsonWriter writer, RegressionTree tree, string path)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("nodes");
        for (var n = 0; n < tree.NodeCount; n++)
        {
            var nodePath = $"{path}.nodes[{n}]";
            writer.WriteStartObject();
            if (!tree.IsLeaf(n))
            {
                writer.WriteNumber("feature", tree.Feature[n]);
                if (tree.IsCategoricalSplit(n))
                {
                    writer.WriteStartArray("categories");
                    foreach (var c in tree.LeftCategories[n]) writer.WriteNumberValue(c);
                    writer.WriteEndArray();
                }
                else
                {
                    WriteDouble(writer, "threshold", tree.Threshold[n], nodePath + ".threshold");
                }
                writer.WriteBoolean("default_left", tree.DefaultLeft[n]);
                writer.WriteNumber("left", tree.Left[n]);
                writer.WriteNumber("right", tree.Right[n]);
            }
            WriteDouble(writer, "value", tree.Value[n], nodePath + ".value");
            WriteDouble(writer, "cover", tree.Cover[n], nodePath + ".cover");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDoubles(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values, string path)
    {
        writer.WriteStartArray(name);
        for (var i = 0; i < values.Length; i++) WriteDoubleValue(writer, values[i], $"{path}[{i}]");
        writer.WriteEndArray();
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double value, string path)
    {
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value, path);
    }

    private static void WriteDoubleValue(Utf8JsonWriter writer, double value, string path)
    {
        if (!double.IsFinite(value))
            throw new InvalidModelException($"{path}: JSON holds finite numbers only; found {value}. A model with non-finite values cannot be saved.");
        writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
    }
}
