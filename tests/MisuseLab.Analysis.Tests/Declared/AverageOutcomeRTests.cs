using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
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
    private readonly ExportedR _r = new();

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

        using var r = await _r.RunAsync(data, analysisScript: true, "", "analysis_r.json");
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
        _r.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class AverageOutcomeRSqliteTests(SqliteEngine e) : AverageOutcomeRTests<SqliteEngine>(e);
