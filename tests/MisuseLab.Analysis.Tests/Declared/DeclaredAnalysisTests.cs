using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// Acceptance of the declared analysis on data seeded through storage by planted-interaction bots: a planted
/// interaction is reported with a CI excluding 0, no effect is not (at α over seeds); exclusions are applied, counted
/// per reason per cell and marked in participants.csv.
/// </summary>
public abstract class DeclaredAnalysisTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "misuselab-declared-" + Guid.NewGuid().ToString("N"));

    private async Task<DeclaredAnalysisReport> AnalyseAsync(PlantedSeed.Options options)
    {
        await PlantedSeed.CreateAsync(Connections, options);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync(options.Slug);
        return DeclaredAnalysis.Run(data)!;
    }

    private static MisuseLab.Analysis.Statistics.CoefficientEstimate Interaction(DeclaredAnalysisReport report, string outcome) =>
        report.Included.Outcomes.Single(o => o.Outcome == outcome).Rating!.Model.Coefficients.Single(c => c.Term == "fidelity:tool");

    [Fact]
    public async Task A_planted_interaction_has_a_CI_excluding_zero_and_no_effect_does_not()
    {
        var planted = new List<MisuseLab.Analysis.Statistics.CoefficientEstimate>();
        var none = new List<MisuseLab.Analysis.Statistics.CoefficientEstimate>();
        for (var seed = 1; seed <= 4; seed++)
        {
            planted.Add(Interaction(await AnalyseAsync(new PlantedSeed.Options($"planted-{seed}", 3.0, seed, 20)), "rate-explanations-reasonable"));
            none.Add(Interaction(await AnalyseAsync(new PlantedSeed.Options($"null-{seed}", 0.0, seed, 20)), "rate-explanations-reasonable"));
        }

        // Power at β = 3 with 20 per cell is above 0.99 (PlantedInteractionTests), so every seed finds it.
        Assert.All(planted, c => Assert.True(c.Lower > 0, $"Planted β = 3: 95% CI [{c.Lower}, {c.Upper}] should exclude 0."));
        // At α = 0.05, two or more false positives in four seeds has probability 0.014.
        Assert.True(none.Count(c => c.Lower > 0 || c.Upper < 0) <= 1, "No effect: " + string.Join("; ", none.Select(c => $"[{c.Lower}, {c.Upper}]")));
        Assert.All(none, c => Assert.InRange(c.Estimate, -2.0, 2.0));
    }

    [Fact]
    public async Task Exclusions_are_counted_per_reason_per_cell_and_marked_in_participants_csv()
    {
        var options = new PlantedSeed.Options("messy", 2.0, 9, 12, Messy: true);
        await PlantedSeed.CreateAsync(Connections, options);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync(options.Slug);
        var report = DeclaredAnalysis.Run(data)!;
        StudyExporter.Write(data, new DirectoryExportTarget(_folder));
        var csv = PythonCsv.ReadFolder(_folder)["participants.csv"];

        // Participant k (in enrolment order) is too fast when k % 7 == 3 and never finishes when k % 11 == 4 (PlantedSeed).
        var ks = Enumerable.Range(0, 48).ToList();
        var tooFast = ks.Where(k => k % 7 == 3).ToHashSet();
        var incomplete = ks.Where(k => k % 11 == 4).ToHashSet();
        var byK = data.Participants.OrderBy(p => p.Record.Id).Select((p, k) => (p, k)).ToList();
        foreach (var (p, k) in byK)
        {
            var row = csv.Rows.Single(r => r["pseudonym"] == p.Pseudonym);
            var expected = new[] { incomplete.Contains(k) ? ExclusionScreen.Incomplete : null, tooFast.Contains(k) ? ExclusionScreen.TooFast : null }.OfType<string>().ToList();
            Assert.Equal((expected.Count > 0 ? "1" : "0", string.Join(";", expected)), (row["excluded"], row["exclusion_reason"]));
        }
        foreach (var cell in report.Cells)
        {
            Assert.Equal(byK.Count(x => x.p.Cell == cell && tooFast.Contains(x.k)), report.ExclusionCounts.Single(c => c.Cell == cell && c.Reason == ExclusionScreen.TooFast).Participants);
            Assert.Equal(byK.Count(x => x.p.Cell == cell && incomplete.Contains(x.k)), report.ExclusionCounts.Single(c => c.Cell == cell && c.Reason == ExclusionScreen.Incomplete).Participants);
            Assert.Equal(0, report.ExclusionCounts.Single(c => c.Cell == cell && c.Reason == ExclusionScreen.FailedCatch).Participants);
        }
        Assert.Equal(48, report.All.Participants);
        Assert.Equal(48 - tooFast.Union(incomplete).Count(), report.Included.Participants);
        var primary = report.Included.Outcomes.Single(o => o.Primary);
        Assert.Equal(report.Included.Participants, primary.Participants);
        // Covariate missing for k % 13 == 5: the adjusted model drops exactly those of the included sample.
        var missing = byK.Count(x => x.k % 13 == 5 && !tooFast.Contains(x.k) && !incomplete.Contains(x.k));
        Assert.Equal(primary.Participants - missing, primary.Rating!.AdjustedObservations);
        Assert.True(File.Exists(Path.Combine(_folder, "analysis.json")) && File.Exists(Path.Combine(_folder, "analysis.R")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class DeclaredAnalysisSqliteTests(SqliteEngine e) : DeclaredAnalysisTests<SqliteEngine>(e);
public sealed class DeclaredAnalysisPostgresTests(PostgresEngine e) : DeclaredAnalysisTests<PostgresEngine>(e);
