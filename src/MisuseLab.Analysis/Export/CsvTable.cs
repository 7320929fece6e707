using System.Globalization;
using CsvHelper;

namespace MisuseLab.Analysis.Export;

/// <summary>
/// RFC 4180 CSV through CsvHelper: UTF-8 without a byte-order mark (R's read.csv would otherwise prefix the first column
/// name with "X.U.FEFF."; pandas reads either), CRLF line ends, fields quoted only when they need it, invariant culture.
/// Empty field = missing (R's read.csv(na.strings = "") / pandas' default).
/// <para>
/// Spreadsheet-safe: a field that starts with '=', '+', '-', '@', a tab or a carriage return is a formula to Excel,
/// LibreOffice and Google Sheets (a participant's free text "=HYPERLINK(…)" would run when an analyst opens the file),
/// so it is written with a leading apostrophe, which spreadsheets show as text. Numbers ("-0.5", "+3") are not formulas
/// and stay as they are, so R and pandas still read numeric columns as numbers. The exact text of every answer stays in
/// answers.json. (CsvHelper's own injection escaping would also turn negative numbers into text, hence this rule.)
/// </para>
/// </summary>
internal sealed class CsvTable : IDisposable
{
    // Values are formatted to text before they reach the writer, so the invariant format provider is belt and braces.
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        WriteByteOrderMark = false,
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.None, // see Neutralise: numbers must stay numbers
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
        foreach (var f in fields) _csv.WriteField(Neutralise(f ?? ""));
        _csv.EndRecord();
    }

    public void Dispose()
    {
        _csv.Dispose();
    }

    /// <summary>What a spreadsheet reads as text: <paramref name="field"/>, or "'" + it when it would start a formula.</summary>
    public static string Neutralise(string field) =>
        field.Length > 0 && FormulaStarts.Contains(field[0])
            && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;

    private const string FormulaStarts = "=+-@\t\r";

    public static string Instant(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture) : "";

    /// <summary>Shortest round-trip text of a number (empty when missing): for scores an analysis recomputes from the file,
    /// where three decimals would lose the effect (AUC gains are a few thousandths).</summary>
    public static string Exact(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

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
