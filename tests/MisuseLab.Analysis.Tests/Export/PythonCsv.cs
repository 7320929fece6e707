using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace MisuseLab.Analysis.Tests.Export;

/// <summary>
/// Reads every *.csv of a folder with python3's csv module (an independent RFC 4180 reader, as analysts' scripts use),
/// and, when pandas is installed, checks that pandas reads the same number of rows and columns.
/// </summary>
public static class PythonCsv
{
    private const string Script = """
        import csv, json, sys, os
        out = {}
        for name in sorted(os.listdir(sys.argv[1])):
            if not name.endswith('.csv'): continue
            path = os.path.join(sys.argv[1], name)
            raw = open(path, 'rb').read()
            assert not raw.startswith(b'\xef\xbb\xbf'), name + ' starts with a BOM'
            with open(path, newline='', encoding='utf-8') as f:
                rows = list(csv.reader(f, strict=True))
            header, body = rows[0], rows[1:]
            assert all(len(r) == len(header) for r in body), name + ': ragged rows'
            out[name] = {'header': header, 'rows': [dict(zip(header, r)) for r in body]}
            try:
                import pandas
                frame = pandas.read_csv(path, keep_default_na=False, na_values=[''], dtype=str)
                assert frame.shape == (len(body), len(header)), name + ': pandas shape ' + str(frame.shape)
            except ImportError:
                pass
        json.dump(out, sys.stdout)
        """;

    public sealed record Table(List<string> Header, List<Dictionary<string, string>> Rows);

    public static Dictionary<string, Table> ReadFolder(string folder)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "python3 could not read the CSV files: " + stderr.Result);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => new Table(
            p.Value.GetProperty("header").EnumerateArray().Select(h => h.GetString()!).ToList(),
            p.Value.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetString()!)).ToList()));
    }
}
