using System.Globalization;
using CsvHelper;
using System.Text;
using MisuseLab.Learning;
using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Adult;

/// <summary>
/// Parses one Adult file as UCI distributes it ("value, value, ...", <c>?</c> = missing, trailing blank line).
/// Does not verify checksums — <see cref="AdultLoader"/> does that first; this is the parser it calls, public so that
/// altered copies (tests, a user's own cleaned file) can be read and get precise line/column errors.
/// </summary>
public static class AdultFileReader
{
    public const string TestHeaderLine = "|1x3 Cross validator";
    private static ReadOnlySpan<byte> Missing => "?"u8;

    /// <summary>Longer than any category in adult.names; a longer value cannot be a known category.</summary>
    private const int MaxCategoryLength = 64;

    public static AdultSplit Read(string path, AdultFileKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new DataFormatException(
                $"{path}: expected the Adult {Describe(kind)} file here; no such file. " +
                "Copy the UCI files into this directory or point --data-dir / MISUSELAB_DATA_DIR at a directory holding them.");

        var schema = AdultSchema.Schema;
        var categoryIndex = BuildCategoryIndex(schema);
        var columns = new List<double>[schema.Count];
        for (var j = 0; j < columns.Length; j++) columns[j] = new List<double>(kind == AdultFileKind.Train ? 32_561 : 16_281);
        var labels = new List<bool>(kind == AdultFileKind.Train ? 32_561 : 16_281);
        var (positive, negative) = kind == AdultFileKind.Train ? (">50K"u8.ToArray(), "<=50K"u8.ToArray()) : (">50K."u8.ToArray(), "<=50K."u8.ToArray());

        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.NoEscape,
            TrimWhitespace = true,
            SkipEmptyLines = false,
            TrackLineNumbers = true,
        };
        using var reader = CsvReader.FromFile(path, options);
        Span<char> buffer = stackalloc char[MaxCategoryLength];

        var blankLine = 0;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var count = reader.FieldCount;
            if (count <= 1 && reader.IsEmpty(0))
            {
                // UCI's files end with one blank line; remember it so data after a blank line is reported.
                if (blankLine == 0) blankLine = line;
                continue;
            }
            if (kind == AdultFileKind.Test && line == 1)
            {
                if (count != 1 || reader.GetString(0) != TestHeaderLine)
                    throw Error(path, line, null, $"the header line '{TestHeaderLine}'", $"'{Encoding.UTF8.GetString(reader.RawRecord)}'");
                continue;
            }
            if (blankLine != 0)
                throw Error(path, line, null, $"no records after the blank line {blankLine} (a blank line may only end the file)", "another record");
            if (count != AdultSchema.ColumnsPerRecord)
                throw Error(path, line, null, $"{AdultSchema.ColumnsPerRecord} comma-separated values (14 features and income)", $"{count} values");

            for (var j = 0; j < schema.Count; j++)
                columns[j].Add(ParseValue(reader.GetSpan(j), schema[j], categoryIndex[j], buffer, path, line));

            var label = reader.GetSpan(schema.Count);
            if (label.SequenceEqual(positive)) labels.Add(true);
            else if (label.SequenceEqual(negative)) labels.Add(false);
            else throw Error(path, line, AdultSchema.LabelColumn, $"'{Encoding.UTF8.GetString(positive)}' or '{Encoding.UTF8.GetString(negative)}'", $"'{Encoding.UTF8.GetString(label)}'");
        }

        if (labels.Count == 0)
            throw new DataFormatException($"{path}: expected Adult {Describe(kind)} records; found none. Restore the file from the UCI distribution.");

        var arrays = new double[schema.Count][];
        for (var j = 0; j < arrays.Length; j++) arrays[j] = [.. columns[j]];
        return new AdultSplit(new Frame(schema, arrays), [.. labels], Path.GetFullPath(path));
    }

    private static double ParseValue(ReadOnlySpan<byte> utf8, FeatureSpec spec, Dictionary<string, int>? categories, Span<char> buffer, string path, int line)
    {
        if (utf8.SequenceEqual(Missing)) return double.NaN;
        if (categories is not null)
        {
            // Looked up by span so 49k rows x 8 categorical columns allocate no strings.
            if (utf8.Length <= buffer.Length)
            {
                var length = Encoding.UTF8.GetChars(utf8, buffer);
                if (categories.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..length], out var index)) return index;
            }
            throw Error(path, line, spec.Name, $"one of the categories in adult.names ({string.Join(", ", spec.Categories)}) or '?'", $"'{Encoding.UTF8.GetString(utf8)}'");
        }
        return double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(path, line, spec.Name, "a finite number or '?'", $"'{Encoding.UTF8.GetString(utf8)}'");
    }

    private static Dictionary<string, int>?[] BuildCategoryIndex(FeatureSchema schema)
    {
        var result = new Dictionary<string, int>?[schema.Count];
        for (var j = 0; j < schema.Count; j++)
        {
            if (!schema[j].IsCategorical) continue;
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var c = 0; c < schema[j].Categories.Length; c++) map.Add(schema[j].Categories[c], c);
            result[j] = map;
        }
        return result;
    }

    private static DataFormatException Error(string path, int line, string? column, string expected, string found) =>
        new($"{path}, line {line}{(column is null ? "" : $", column '{column}'")}: expected {expected}; found {found}. " +
            "The file differs from the UCI distribution: delete it so it is downloaded again, or copy the original from ../shared/data/adult.");

    private static string Describe(AdultFileKind kind) => kind == AdultFileKind.Train ? "training (adult.data)" : "test (adult.test)";
}
