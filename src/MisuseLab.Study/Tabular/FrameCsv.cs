using System.Globalization;
using CsvHelper;
using MisuseLab.Learning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Tabular;

/// <summary>Rows to explain, read from a CSV whose header names a model's features, with an optional label column.</summary>
public sealed record LabeledRows(Frame Features, bool[]? Labels);

/// <summary>
/// Reads and writes plain CSV for the command line: a header naming features (any order, extra columns refused),
/// numbers in invariant culture, an empty cell (or NaN, as numpy writes it) for a missing value, categories by name or by index.
/// </summary>
public static class FrameCsv
{
    /// <summary>Accepted names of the optional label column (true for "&gt;50K", "1", "true").</summary>
    public static readonly IReadOnlyList<string> LabelColumns = ["income", "label"];

    public static LabeledRows Read(string path, FeatureSchema schema)
    {
        if (!File.Exists(path)) throw new DataFormatException($"{path}: expected a CSV file of rows to explain; no such file.");
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = false, TrimWhitespace = true, TrackLineNumbers = true });
        if (!reader.Read()) throw new DataFormatException($"{path}: expected a header naming the model's features; the file is empty.");
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
        var columnOf = new int[schema.Count];
        var labelColumn = -1;
        Array.Fill(columnOf, -1);
        for (var c = 0; c < header.Length; c++)
        {
            if (schema.TryIndexOf(header[c], out var f)) columnOf[f] = c;
            else if (LabelColumns.Contains(header[c])) labelColumn = c;
            else throw new DataFormatException($"{path}, line 1, column '{header[c]}': expected one of the model's features ({string.Join(", ", schema.Select(s => s.Name))}) or a label column ({string.Join(", ", LabelColumns)}); found an unknown column.");
        }
        var missing = schema.Where((s, f) => columnOf[f] < 0).Select(s => s.Name).ToList();
        if (missing.Count > 0)
            throw new DataFormatException($"{path}, line 1: expected a column for every feature of the model; missing {string.Join(", ", missing)}.");

        var columns = schema.Select(_ => new List<double>()).ToArray();
        var labels = labelColumn >= 0 ? new List<bool>() : null;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            if (reader.FieldCount != header.Length)
                throw new DataFormatException($"{path}, line {line}: expected {header.Length} values like the header; found {reader.FieldCount}.");
            for (var f = 0; f < schema.Count; f++)
                columns[f].Add(Parse(schema[f], reader.GetString(columnOf[f]), path, line));
            if (labels is not null) labels.Add(ParseLabel(reader.GetString(labelColumn), path, line, header[labelColumn]));
        }
        return new LabeledRows(new Frame(schema, [.. columns.Select(c => c.ToArray())]), labels?.ToArray());
    }

    private static double Parse(FeatureSpec spec, string text, string path, int line)
    {
        if (text.Length == 0 || text is "NaN" or "nan") return double.NaN;
        if (spec.IsCategorical)
        {
            var index = spec.Categories.IndexOf(text);
            if (index >= 0) return index;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < spec.Categories.Length) return index;
            throw new DataFormatException($"{path}, line {line}, column '{spec.Name}': expected a category ({string.Join(", ", spec.Categories)}), its index, or an empty cell; found '{text}'.");
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new DataFormatException($"{path}, line {line}, column '{spec.Name}': expected a number (invariant culture) or an empty cell; found '{text}'.");
    }

    private static bool ParseLabel(string text, string path, int line, string column) => text.TrimEnd('.') switch
    {
        ">50K" or "1" or "true" => true,
        "<=50K" or "0" or "false" => false,
        _ => throw new DataFormatException($"{path}, line {line}, column '{column}': expected >50K, <=50K, 1, 0, true or false; found '{text}'."),
    };

    /// <summary>One row per explained row: the attributions in schema order, then the base value ("bias").</summary>
    public static void WriteAttributions(string path, FeatureSchema schema, int rows, Func<int, int, double> attribution, double bias)
    {
        using var writer = CsvWriter.ToFile(path, new CsvWriterOptions());
        writer.WriteHeader([.. schema.Select(s => s.Name), "bias"]);
        for (var i = 0; i < rows; i++)
        {
            for (var f = 0; f < schema.Count; f++) writer.WriteField(attribution(i, f), "R");
            writer.WriteField(bias, "R");
            writer.EndRecord();
        }
    }
}
