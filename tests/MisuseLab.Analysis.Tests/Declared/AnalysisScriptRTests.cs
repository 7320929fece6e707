using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// The exported analysis.R, run by Rscript on the exported CSV files of a real (storage-seeded, messy) dataset,
/// reproduces analysis.json: clm coefficients and SEs to 1e-4, thresholds, LR tests of the interaction, the adjusted
/// models, TOST intervals, cluster-robust-free Holm adjustments — for everyone and after exclusions.
/// </summary>
public abstract class AnalysisScriptRTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private readonly ExportedR _r = new();

    [Fact]
    public async Task Rscript_on_the_export_reproduces_analysis_json()
    {
        await PlantedSeed.CreateAsync(Connections, new PlantedSeed.Options("scripted", 1.5, 3, 15, Messy: true));
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync("scripted");
        using var r = await _r.RunAsync(data, analysisScript: true, "", "analysis_r.json");
        var cs = _r.AnalysisJson!;
        var compared = 0;
        foreach (var sample in new[] { "all", "included" })
        {
            var mine = cs.RootElement.GetProperty(sample);
            var theirs = r.RootElement.GetProperty(sample);
            Assert.Equal(mine.GetProperty("participants").GetInt32(), theirs.GetProperty("participants").GetInt32());
            foreach (var outcome in mine.GetProperty("outcomes").EnumerateArray())
            {
                var id = outcome.GetProperty("outcome").GetString()!;
                var rOutcome = theirs.GetProperty("outcomes").GetProperty(id);
                Assert.False(rOutcome.TryGetProperty("failure", out var f), $"R failed on {sample}/{id}: {f}");
                var rating = outcome.GetProperty("rating");
                Assert.Equal(outcome.GetProperty("participants").GetInt32(), rOutcome.GetProperty("participants").GetInt32());
                compared += Models(rating.GetProperty("model"), rOutcome.GetProperty("model"), $"{sample}/{id}");
                compared += Models(rating.GetProperty("adjusted"), rOutcome.GetProperty("adjusted"), $"{sample}/{id}/adjusted");
                Close(rating.GetProperty("focal_test").GetProperty("statistic"), rOutcome.GetProperty("focal_test").GetProperty("statistic"), 1e-4, $"{sample}/{id} LR");
                Close(rating.GetProperty("focal_test").GetProperty("p_value"), rOutcome.GetProperty("focal_test").GetProperty("p_value"), 1e-4, $"{sample}/{id} LR p");
                var tosts = outcome.GetProperty("equivalence").EnumerateArray().ToList();
                var rTosts = rOutcome.GetProperty("equivalence").EnumerateArray().ToList();
                Assert.Equal(tosts.Count, rTosts.Count);
                foreach (var (t, rt) in tosts.Zip(rTosts))
                {
                    foreach (var name in new[] { "lower", "upper", "p_lower", "p_upper", "p_value" })
                        Close(t.GetProperty("result").GetProperty(name), rt.GetProperty(name), 1e-6, $"{sample}/{id} TOST {name}");
                    compared++;
                }
            }
            var holm = mine.GetProperty("correction").EnumerateArray().ToList();
            var rHolm = theirs.GetProperty("correction").EnumerateArray().ToList();
            Assert.Equal(holm.Select(h => h.GetProperty("name").GetString()), rHolm.Select(h => h.GetProperty("name").GetString()));
            foreach (var (h, rh) in holm.Zip(rHolm)) Close(h.GetProperty("adjusted"), rh.GetProperty("adjusted"), 1e-4, $"{sample} Holm {h.GetProperty("name")}");
        }
        Assert.True(compared >= 8, $"Expected two ratings × two models × two samples compared, found {compared}.");
    }

    /// <summary>Thresholds and coefficients in order (R names non-syntactic variables with backticks; the order is model.matrix's in both).</summary>
    private static int Models(JsonElement mine, JsonElement theirs, string what)
    {
        foreach (var part in new[] { "thresholds", "coefficients" })
        {
            var a = mine.GetProperty(part).EnumerateArray().ToList();
            var b = theirs.GetProperty(part).EnumerateArray().ToList();
            Assert.Equal(a.Count, b.Count);
            foreach (var (x, y) in a.Zip(b))
            {
                Close(x.GetProperty("estimate"), y.GetProperty("estimate"), 1e-4, $"{what} {x.GetProperty("name")}");
                Close(x.GetProperty("standard_error"), y.GetProperty("standard_error"), 1e-4, $"{what} SE {x.GetProperty("name")}");
            }
        }
        Close(mine.GetProperty("log_likelihood"), theirs.GetProperty("log_likelihood"), 1e-6, $"{what} logLik");
        return 1;
    }

    private static void Close(JsonElement mine, JsonElement theirs, double tolerance, string what)
    {
        double a = Number(mine), b = Number(theirs);
        Assert.True(Math.Abs(a - b) <= tolerance, $"{what}: MisuseLab {a.ToString("R", CultureInfo.InvariantCulture)}, R {b.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    private static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    public void Dispose()
    {
        _r.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class AnalysisScriptRSqliteTests(SqliteEngine e) : AnalysisScriptRTests<SqliteEngine>(e);
