using System.Globalization;
using CsvHelper;

namespace MisuseLab.Storage.Export;

/// <summary>
/// RFC 4180 CSV through CsvHelper: UTF-8 without a byte-order mark (R's read.csv would otherwise prefix the first column
/// name with "X.U.FEFF."; pandas reads either), CRLF line ends, fields quoted only when they need it, invariant culture.
/// Empty field = missing (R's read.csv(na.strings = "") / pandas' default).
/// </summary>
internal sealed class CsvTable : IDisposable
{
    // Values are formatted to text before they reach the writer, so the invariant format provider is belt and braces.
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        WriteByteOrderMark = false,
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.None, // values stay exactly as answered; analysts read these files with R or pandas
    };
    private readonly CsvWriter _csv;
    private readonly int _columns;

    public CsvTable(Stream stream, IReadOnlyList<string> header)
    {
        _csv = CsvWriter.Create(stream, Options, leaveOpen: false);
        _columns = header.Count;
        Row(header);
    }

    public void Row(IReadOnlyList<string?> fields)
    {
        if (fields.Count != _columns)
        {
            throw new InvalidOperationException($"CSV row has {fields.Count} fields; the header has {_columns}.");
        }
        foreach (var f in fields) _csv.WriteField(f ?? "");
        _csv.EndRecord();
    }

    public void Dispose()
    {
        _csv.Dispose();
    }

    public static string Instant(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture) : "";

    public static string Flag(bool? value) => value is null ? "" : value.Value ? "1" : "0";

    /// <summary>
    /// Names for extra columns (factors, background items): the name itself, or <paramref name="prefix"/> + name when it
    /// collides with a name already taken (case-insensitive, as R and spreadsheets compare them).
    /// </summary>
    public static List<string> ColumnNames(ICollection<string> taken, IEnumerable<string> extra, string prefix)
    {
        var set = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var e in extra)
        {
            var name = set.Contains(e) ? prefix + e : e;
            set.Add(name);
            names.Add(name);
        }
        return names;
    }
}
