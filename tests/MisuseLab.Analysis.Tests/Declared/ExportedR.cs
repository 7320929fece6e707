using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Tests.Statistics;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// The shared R fixture of the export tests: writes a dataset's export (CSV files, analysis.json, analysis.R) into a
/// temporary folder, runs Rscript on the exported CSV files — the exported analysis.R, an R check of the test's own, or
/// both — and returns the JSON file the script wrote, with the export's analysis.json. Deletes the folder on dispose.
/// </summary>
internal sealed class ExportedR : IDisposable
{
    private const string Marker = "@@exported_r.json@@";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "misuselab-exported-r-" + Guid.NewGuid().ToString("N"));

    /// <summary>The export's analysis.json (after <see cref="RunAsync"/>).</summary>
    public JsonDocument? AnalysisJson { get; private set; }

    /// <param name="analysisScript">Run the exported analysis.R first (it writes analysis_r.json).</param>
    /// <param name="check">R code run after it, on the same CSV files.</param>
    /// <param name="result">The JSON file the script writes, returned parsed.</param>
    public async Task<JsonDocument> RunAsync(StudyDataset data, bool analysisScript, string check, string result)
    {
        StudyExporter.Write(data, new DirectoryExportTarget(Folder));
        AnalysisJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "analysis.json")));
        var files = Directory.GetFiles(Folder, "*.csv").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var script = (analysisScript ? File.ReadAllText(Path.Combine(Folder, "analysis.R")) : "") + "\n" + check
            + $"\ncat(\"{Marker}\\n\"); cat(readLines(\"{result}\"), sep = \"\\n\")\n";
        var output = await ROracle.RunAsync(script, files);
        return JsonDocument.Parse(output[(output.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..]);
    }

    public void Dispose()
    {
        AnalysisJson?.Dispose();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
