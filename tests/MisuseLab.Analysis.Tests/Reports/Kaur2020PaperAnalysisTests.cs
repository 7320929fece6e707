using MisuseLab.Analysis.Reports.Kaur2020;
using MisuseLab.Analysis.Tests.Statistics;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>The paper's Table 2 as data, and its analysis run on per-participant values, checked against R.</summary>
public sealed class Kaur2020PaperAnalysisTests
{
    [Fact]
    public void Table_2_holds_eight_outcomes_with_the_papers_cell_sizes()
    {
        Assert.Equal(8, PaperTable2.Rows.Count);
        Assert.All(PaperTable2.Rows, r => Assert.Equal([49, 51, 51, 46], r.Cells.Select(c => c.N)));
        Assert.Equal("3.8±0.9", PaperTable2.Row(PaperTable2.ModelReasonable).Gm.ToString());
        Assert.Equal("9/49", PaperTable2.Row(PaperTable2.SuspiciousDataModel).Gn.ToString());
        // 197 responses kept, as the paper reports.
        Assert.Equal(197, PaperTable2.Rows[0].Cells.Sum(c => c.N));
    }

    [Fact]
    public async Task Fisher_on_coded_suspicion_pools_tools_and_matches_fisher_test()
    {
        // The paper's own counts as flags: normal = GN + SN, manipulated = GM + SM.
        static IReadOnlyList<bool> Flags(int yes, int n) => [.. Enumerable.Range(0, n).Select(i => i < yes)];
        var row = PaperTable2.Row(PaperTable2.SuspiciousDataModel);
        var flags = new Dictionary<string, IReadOnlyList<bool>>
        {
            ["gam-real"] = Flags(9, 49), ["gam-inverted"] = Flags(5, 51), ["shap-real"] = Flags(7, 51), ["shap-inverted"] = Flags(3, 46),
        };
        var ours = PaperAnalysis.Count(row, PaperCells.Kaur2020, flags);
        Assert.Equal([(9, 49), (5, 51), (7, 51), (3, 46)], ours.Ours);
        var r = ROracle.Parse(await ROracle.RunAsync("""cat("p", "fisher", sprintf("%.17g", fisher.test(matrix(c(16, 84, 8, 89), nrow = 2, byrow = TRUE))$p.value), sep = ","); cat("\n")""", new Dictionary<string, string>()), "p");
        Assert.Equal(r[("p", "fisher")][0], ours.FisherP, 1e-9);
    }

    [Fact]
    public void A_rating_row_runs_the_four_t_tests_with_cohens_d_and_the_anova()
    {
        var values = new Dictionary<string, IReadOnlyList<double>>
        {
            ["gam-real"] = [5, 6, 5.5, 4.75], ["gam-inverted"] = [4, 3.5, 4.25, 3],
            ["shap-real"] = [5, 5.25, 6, 4.5, 5.5], ["shap-inverted"] = [4.5, 4, 5, 3.75],
        };
        var row = PaperAnalysis.Rating(PaperTable2.Row(PaperTable2.ModelReasonable), PaperCells.Kaur2020, values);
        Assert.Equal(["GN–GM", "GN–SN", "SN–SM", "GM–SM"], row.TTests.Select(t => t.Pair));
        Assert.Equal([4, 4, 5, 4], row.Ours.Select(d => d.N));
        // Cohen's d by hand for GN–GM: means 5.3125 and 3.6875; pooled SD from the two sample variances.
        double[] gn = [5, 6, 5.5, 4.75], gm = [4, 3.5, 4.25, 3];
        static double Var(double[] x) { var m = x.Average(); return x.Sum(v => (v - m) * (v - m)) / (x.Length - 1); }
        var d = (gn.Average() - gm.Average()) / Math.Sqrt((3 * Var(gn) + 3 * Var(gm)) / 6);
        Assert.Equal(d, row.TTests[0].CohensD, 12);
        Assert.NotNull(row.Anova);
        Assert.Equal(13, row.Anova!.Term("Residuals").Df); // 17 participants − 4 cell means
    }
}
