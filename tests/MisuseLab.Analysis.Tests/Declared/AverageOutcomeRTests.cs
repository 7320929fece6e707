using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Tests.Statistics;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// A declared average (<c>analysis.averages</c>): per-participant means computed here by brute force from the stored
/// answers match the report's cell means, and the exported analysis.R (Rscript, aov) reproduces its ANOVA table to 1e-6.
/// </summary>
public abstract class AverageOutcomeRTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private const string Marker = "@@analysis_r.json@@";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "misuselab-average-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_average_of_two_ratings_is_analysed_by_the_two_way_anova_as_R_aov_does()
    {
        await PlantedSeed.CreateAsync(Connections, new PlantedSeed.Options("averaged", 1.0, 5, 12, Messy: true, Average: true));
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync("averaged");
        var report = DeclaredAnalysis.Run(data)!;
        var outcome = report.All.Outcomes.Single(o => o.Outcome == "ratings-mean");
        Assert.Equal(OutcomeKind.Average, outcome.Kind);
        Assert.Null(outcome.Failure);

        // Brute force: each participant's mean of the two ratings, then the cell mean of those means.
        var perParticipant = data.Responses.Where(r => r.Item.ItemId is "rate-explanations-reasonable" or "rate-model-reasonable")
            .GroupBy(r => r.Participant).ToDictionary(g => g.Key, g => g.Average(r => double.Parse(r.Value, CultureInfo.InvariantCulture)));
        foreach (var cell in outcome.ByCell)
        {
            var values = perParticipant.Where(p => p.Key.Cell == cell.Cell).Select(p => p.Value).ToList();
            Assert.Equal(values.Count, cell.Count);
            Assert.Equal(values.Average(), cell.Mean, 12);
        }
        Assert.Equal(perParticipant.Count, outcome.Participants);
        Assert.Equal(outcome.Anova!.Terms[2].P!.Value, outcome.FocalPValue);

        StudyExporter.Write(data, new DirectoryExportTarget(_folder));
        var files = Directory.GetFiles(_folder, "*.csv").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var script = File.ReadAllText(Path.Combine(_folder, "analysis.R")) + $"\ncat(\"{Marker}\\n\"); cat(readLines(\"analysis_r.json\"), sep = \"\\n\")\n";
        var output = await ROracle.RunAsync(script, files);
        using var r = JsonDocument.Parse(output[(output.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..]);
        foreach (var (sample, mine) in new[] { ("all", report.All), ("included", report.Included) })
        {
            var ours = mine.Outcomes.Single(o => o.Outcome == "ratings-mean");
            var theirs = r.RootElement.GetProperty(sample).GetProperty("outcomes").GetProperty("ratings-mean");
            Assert.False(theirs.TryGetProperty("failure", out var f), $"R failed on {sample}: {f}");
            Assert.Equal(ours.Participants, theirs.GetProperty("participants").GetInt32());
            var rows = theirs.GetProperty("anova").EnumerateArray().ToList();
            Assert.Equal(4, rows.Count);
            for (var i = 0; i < 4; i++)
            {
                var term = ours.Anova!.Terms[i];
                Assert.Equal(term.Df, rows[i].GetProperty("df").GetInt32());
                Assert.Equal(term.SumOfSquares, rows[i].GetProperty("sum_of_squares").GetDouble(), 1e-6);
                if (term.F is { } fValue) Assert.Equal(fValue, rows[i].GetProperty("f").GetDouble(), 1e-6);
                if (term.P is { } p) Assert.Equal(p, rows[i].GetProperty("p").GetDouble(), 1e-6);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class AverageOutcomeRSqliteTests(SqliteEngine e) : AverageOutcomeRTests<SqliteEngine>(e);
