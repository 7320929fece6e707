using System.Globalization;
using System.Text.Json;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Analysis.Reports.Kaur2020;
using MisuseLab.Analysis.Tests.Statistics;
using MisuseLab.Analysis.Tests.Declared;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>
/// Acceptance for issue 20's Table 2: on bot data of a Kaur-shaped study, analysis.json's <c>paper_table2</c> holds every
/// row of the paper beside ours, and its two-way ANOVA (F, p per term) and four Welch t-tests (t, df, p) match R's
/// <c>aov</c> and <c>t.test</c> run by Rscript on the exported CSV files to 1e-6, with and without the exclusions.
/// R computes the per-participant values itself from responses.csv. Suspicion counts are recomputed from what the bots
/// were coded, and Fisher's p by R's <c>fisher.test</c>.
/// </summary>
public abstract class PaperTable2RTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private readonly ExportedR _r = new();

    private const string Check = """
        library(jsonlite)
        pp <- read.csv("participants.csv", check.names = FALSE, colClasses = "character", na.strings = "")
        rr <- read.csv("responses.csv", check.names = FALSE, colClasses = "character", na.strings = "")
        blocks <- c("global", "age", "correct", "misclassified")
        per <- function(items) { d <- rr[rr$item %in% items, ]; tapply(as.numeric(d$value), d$pseudonym, mean) }
        acc <- { d <- rr[rr$item %in% paste0(blocks, "-mc") & !is.na(rr$correct), ]; tapply(100 * as.integer(d$correct), d$pseudonym, mean) }
        rows <- list(accuracy = acc, confidence = per(paste0(blocks, "-confidence")),
          `explanations-reasonable` = per(paste0(blocks, "-explanations-reasonable")), `model-reasonable` = per(paste0(blocks, "-model-reasonable")),
          `cognitive-load` = per(paste0("end-tlx:", c("mental", "physical", "temporal", "performance", "effort", "frustration"))), deploy = per("end-deploy"))
        cond <- c(`gam-real` = "GN", `gam-inverted` = "GM", `shap-real` = "SN", `shap-inverted` = "SM")
        samples <- list(all = pp$pseudonym[pp$status != "screened-out"], included = pp$pseudonym[pp$excluded == "0"])
        out <- list()
        for (s in names(samples)) for (o in names(rows)) {
          v <- rows[[o]][names(rows[[o]]) %in% samples[[s]]]
          cell <- pp$cell[match(names(v), pp$pseudonym)]
          d <- data.frame(v = as.numeric(v), c = unname(cond[cell]))
          d$tool <- factor(ifelse(d$c %in% c("GN", "GM"), "gam", "shap"), levels = c("gam", "shap"))
          d$fidelity <- factor(ifelse(d$c %in% c("GN", "SN"), "normal", "manipulated"), levels = c("normal", "manipulated"))
          a <- summary(aov(v ~ tool * fidelity, data = d))[[1]]
          tests <- lapply(list(c("GN", "GM"), c("GN", "SN"), c("SN", "SM"), c("GM", "SM")), function(pr) {
            x <- d$v[d$c == pr[1]]; y <- d$v[d$c == pr[2]]; t <- t.test(x, y)
            sp <- sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2))
            list(t = unname(t$statistic), df = unname(t$parameter), p = t$p.value, d = (mean(x) - mean(y)) / sp) })
          out[[s]][[o]] <- list(n = as.list(table(factor(d$c, levels = c("GN", "GM", "SN", "SM")))),
            anova = lapply(1:4, function(i) list(df = a$Df[i], ss = a$`Sum Sq`[i], f = a$`F value`[i], p = a$`Pr(>F)`[i])), tests = tests)
        }
        writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null"), "paper_r.json")
        """;

    [Fact]
    public async Task Table_2_is_printed_beside_ours_and_its_anova_and_t_tests_match_R()
    {
        var (_, _, bots) = await PaperTableSeed.CreateAsync(Connections, "paper", seed: 7, perCell: 12);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync("paper");
        var report = DeclaredAnalysis.Run(data)!;

        // The exclusion rule, recomputed from what each bot wrote.
        var byId = data.Participants.ToDictionary(p => p.Record.Id);
        foreach (var bot in bots)
        {
            var decision = report.Exclusions.Single(d => d.Pseudonym == byId[bot.ParticipantId].Pseudonym);
            Assert.Equal(bot.Gibberish || bot.Identical, decision.Reasons.Contains(ExclusionScreen.IdenticalOrGibberish));
            Assert.Equal(!bot.Completed || bot.Gibberish || bot.Identical, decision.Excluded);
        }
        Assert.Contains(bots, b => b.Gibberish && b.Completed);
        Assert.Contains(bots, b => b.Identical && b.Completed);

        using var r = await _r.RunAsync(data, analysisScript: false, Check, "paper_r.json");
        var table = _r.AnalysisJson!.RootElement.GetProperty("paper_table2");
        Assert.Contains("averaged per participant", table.GetProperty("method").GetString(), StringComparison.Ordinal);
        var compared = 0;
        foreach (var sample in new[] { "all", "included" })
        {
            var keep = sample == "all" ? bots : bots.Where(b => b.Completed && !b.Gibberish && !b.Identical).ToList();
            var rows = table.GetProperty(sample).GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(PaperTable2.Rows.Select(p => p.Outcome), rows.Select(x => x.GetProperty("outcome").GetString()));
            foreach (var row in rows)
            {
                var outcome = row.GetProperty("outcome").GetString()!;
                var paper = PaperTable2.Row(outcome);
                var cells = row.GetProperty("cells").EnumerateArray().ToList();
                Assert.Equal(["GN", "GM", "SN", "SM"], cells.Select(c => c.GetProperty("condition").GetString()));
                for (var i = 0; i < 4; i++)
                {
                    var printed = cells[i].GetProperty("paper");
                    Assert.Equal(paper.Cells[i].N, printed.GetProperty("n").GetInt32());
                    if (paper.Cells[i].Count is { } count) Assert.Equal(count, printed.GetProperty("count").GetInt32());
                    else Assert.Equal(paper.Cells[i].Mean!.Value, printed.GetProperty("mean").GetDouble());
                }
                if (paper.Cells[0].Count is not null)
                {
                    compared += await Suspicion(row, keep, outcome == PaperTable2.SuspiciousDataModel ? b => b.SuspiciousData : b => b.SuspiciousTool, $"{sample}/{outcome}");
                    continue;
                }
                var theirs = r.RootElement.GetProperty(sample).GetProperty(outcome);
                for (var i = 0; i < 4; i++)
                    Assert.Equal(theirs.GetProperty("n").GetProperty(cells[i].GetProperty("condition").GetString()!).GetInt32(), cells[i].GetProperty("n").GetInt32());
                var terms = row.GetProperty("anova").GetProperty("terms").EnumerateArray().ToList();
                var rTerms = theirs.GetProperty("anova").EnumerateArray().ToList();
                Assert.Equal(4, terms.Count);
                for (var i = 0; i < 4; i++)
                {
                    Assert.Equal(rTerms[i].GetProperty("df").GetInt32(), terms[i].GetProperty("df").GetInt32());
                    Close(terms[i].GetProperty("sum_of_squares"), rTerms[i].GetProperty("ss"), $"{sample}/{outcome} SS {i}");
                    if (i == 3) continue;
                    Close(terms[i].GetProperty("f"), rTerms[i].GetProperty("f"), $"{sample}/{outcome} F {terms[i].GetProperty("term")}");
                    Close(terms[i].GetProperty("p"), rTerms[i].GetProperty("p"), $"{sample}/{outcome} p {terms[i].GetProperty("term")}");
                    compared++;
                }
                var tests = row.GetProperty("t_tests").EnumerateArray().ToList();
                var rTests = theirs.GetProperty("tests").EnumerateArray().ToList();
                Assert.Equal(["GN–GM", "GN–SN", "SN–SM", "GM–SM"], tests.Select(t => t.GetProperty("pair").GetString()));
                foreach (var (t, rt) in tests.Zip(rTests))
                {
                    Close(t.GetProperty("test").GetProperty("t"), rt.GetProperty("t"), $"{sample}/{outcome} {t.GetProperty("pair")} t");
                    Close(t.GetProperty("test").GetProperty("df"), rt.GetProperty("df"), $"{sample}/{outcome} {t.GetProperty("pair")} df");
                    Close(t.GetProperty("test").GetProperty("p"), rt.GetProperty("p"), $"{sample}/{outcome} {t.GetProperty("pair")} p");
                    Close(t.GetProperty("cohens_d"), rt.GetProperty("d"), $"{sample}/{outcome} {t.GetProperty("pair")} d");
                    compared++;
                }
            }
        }
        Assert.Equal(2 * 6 * (3 + 4) + 2 * 2, compared);
    }

    /// <summary>Counts per cell from the bots' codes (every finished bot is coded), and Fisher's p from R's fisher.test.</summary>
    private static async Task<int> Suspicion(JsonElement row, IReadOnlyList<PaperTableSeed.Bot> keep, Func<PaperTableSeed.Bot, bool> flagged, string what)
    {
        Assert.Equal("measured", row.GetProperty("status").GetString());
        var cells = row.GetProperty("cells").EnumerateArray().ToList();
        var counts = new List<(int Yes, int N)>();
        for (var i = 0; i < 4; i++)
        {
            var coded = keep.Where(b => b.Completed && b.Cell == PaperTableSeed.Cells[i]).ToList();
            counts.Add((coded.Count(flagged), coded.Count));
            Assert.True(coded.Count == cells[i].GetProperty("n").GetInt32(), $"{what} n of {PaperTableSeed.Cells[i]}: expected {coded.Count}, found {cells[i].GetProperty("n")}.");
            Assert.True(coded.Count(flagged) == cells[i].GetProperty("count").GetInt32(), $"{what} count of {PaperTableSeed.Cells[i]}: expected {coded.Count(flagged)}, found {cells[i].GetProperty("count")}.");
        }
        // GN, GM, SN, SM: normal = GN + SN, manipulated = GM + SM.
        int ny = counts[0].Yes + counts[2].Yes, nn = counts[0].N + counts[2].N - ny, my = counts[1].Yes + counts[3].Yes, mn = counts[1].N + counts[3].N - my;
        var output = await ROracle.RunAsync(string.Create(CultureInfo.InvariantCulture, $"cat(sprintf('%.17g', fisher.test(matrix(c({ny}, {my}, {nn}, {mn}), 2))$p.value))"), new Dictionary<string, string>());
        Assert.Equal(double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture), row.GetProperty("fisher_p").GetDouble(), 1e-6);
        return 1;
    }

    private static void Close(JsonElement mine, JsonElement theirs, string what)
    {
        double a = Number(mine), b = Number(theirs);
        Assert.True(Math.Abs(a - b) <= 1e-6, $"{what}: MisuseLab {a.ToString("R", CultureInfo.InvariantCulture)}, R {b.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    private static double Number(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();

    public void Dispose()
    {
        _r.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class PaperTable2RSqliteTests(SqliteEngine e) : PaperTable2RTests<SqliteEngine>(e);
