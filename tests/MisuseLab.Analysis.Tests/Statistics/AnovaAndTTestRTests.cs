using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>The two-way ANOVA and Welch t-tests of the Kaur et al. table against R's aov and t.test, to 1e-6.</summary>
public sealed class AnovaAndTTestRTests
{
    private static readonly TwoLevelFactor Tool = new("tool", "gam", "shap");
    private static readonly TwoLevelFactor Fidelity = new("fidelity", "real", "inverted");

    /// <summary>An unbalanced 2×2 of 1–7 block averages (cells of 11, 9, 13 and 7), seeded.</summary>
    private static List<FactorialObservation> Data()
    {
        var random = new Random(2020);
        var rows = new List<FactorialObservation>();
        foreach (var (tool, fidelity, n, shift) in new[] { ("gam", "real", 11, 1.0), ("gam", "inverted", 9, 0.0), ("shap", "real", 13, 0.5), ("shap", "inverted", 7, -0.5) })
            for (var i = 0; i < n; i++)
                rows.Add(new(tool, fidelity, Math.Round(4 + shift + (random.Next(1, 8) - 4) * 0.5, 2) + random.Next(0, 4) / 4.0));
        return rows;
    }

    [Fact]
    public async Task The_anova_table_matches_aov_and_the_t_tests_match_t_test()
    {
        var rows = Data();
        var table = TwoWayAnova.Fit(rows, Tool, Fidelity);
        double[] Cell(string t, string f) => [.. rows.Where(o => o.LevelOfA == t && o.LevelOfB == f).Select(o => o.Value)];
        var gn = Cell("gam", "real");
        var gm = Cell("gam", "inverted");
        var sn = Cell("shap", "real");
        var sm = Cell("shap", "inverted");

        var script = $$"""
            y <- {{ROracle.Vector(rows.Select(o => o.Value))}}
            tool <- factor({{ROracle.Vector(rows.Select(o => o.LevelOfA))}}, levels = c("gam", "shap"))
            fidelity <- factor({{ROracle.Vector(rows.Select(o => o.LevelOfB))}}, levels = c("real", "inverted"))
            s <- summary(aov(y ~ tool * fidelity))[[1]]
            for (i in 1:3) { cat("aov", trimws(rownames(s)[i]), sprintf("%.17g", s[i, "Sum Sq"]), sprintf("%.17g", s[i, "F value"]), sprintf("%.17g", s[i, "Pr(>F)"]), sep = ","); cat("\n") }
            cat("res", "Residuals", sprintf("%.17g", s[4, "Sum Sq"]), s[4, "Df"], sep = ","); cat("\n")
            gn <- {{ROracle.Vector(gn)}}; gm <- {{ROracle.Vector(gm)}}; sn <- {{ROracle.Vector(sn)}}; sm <- {{ROracle.Vector(sm)}}
            pairs <- list(GN_GM = list(gn, gm), GN_SN = list(gn, sn), SN_SM = list(sn, sm), GM_SM = list(gm, sm))
            for (k in names(pairs)) { r <- t.test(pairs[[k]][[1]], pairs[[k]][[2]]); cat("t", k, sprintf("%.17g", r$statistic), sprintf("%.17g", r$parameter), sprintf("%.17g", r$p.value), sep = ","); cat("\n") }
            """;
        var r = ROracle.Parse(await ROracle.RunAsync(script, new Dictionary<string, string>()), "aov", "res", "t");

        foreach (var (term, name) in new[] { ("tool", "tool"), ("fidelity", "fidelity"), ("tool:fidelity", "tool:fidelity") })
        {
            var ours = table.Term(term);
            var theirs = r[("aov", name)];
            Assert.Equal(theirs[0], ours.SumOfSquares, 1e-6);
            Assert.Equal(theirs[1], ours.F!.Value, 1e-6);
            Assert.Equal(theirs[2], ours.P!.Value, 1e-6);
        }
        Assert.Equal(r[("res", "Residuals")][0], table.Term("Residuals").SumOfSquares, 1e-6);
        Assert.Equal((int)r[("res", "Residuals")][1], table.Term("Residuals").Df);

        foreach (var (name, x, y) in new[] { ("GN_GM", gn, gm), ("GN_SN", gn, sn), ("SN_SM", sn, sm), ("GM_SM", gm, sm) })
        {
            var ours = WelchTTest.Test(x, y);
            var theirs = r[("t", name)];
            Assert.Equal(theirs[0], ours.T, 1e-6);
            Assert.Equal(theirs[1], ours.Df, 1e-6);
            Assert.Equal(theirs[2], ours.P, 1e-6);
        }
    }

    [Fact]
    public void A_balanced_design_gives_the_textbook_sums_of_squares()
    {
        // Two per cell: SS(A) = n·b·Σ(ȳ_a − ȳ)² with n = 2, b = 2, computed by hand from the cell means.
        List<FactorialObservation> rows =
        [
            new("gam", "real", 1), new("gam", "real", 3), new("gam", "inverted", 2), new("gam", "inverted", 4),
            new("shap", "real", 5), new("shap", "real", 7), new("shap", "inverted", 4), new("shap", "inverted", 8),
        ];
        var table = TwoWayAnova.Fit(rows, Tool, Fidelity);
        // Means: gam 2.5, shap 6, grand 4.25 → SS(tool) = 4·(1.75² + 1.75²) = 24.5.
        Assert.Equal(24.5, table.Term("tool").SumOfSquares, 12);
        // real 4, inverted 4.5 → SS(fidelity) = 4·(0.25² + 0.25²) = 0.5.
        Assert.Equal(0.5, table.Term("fidelity").SumOfSquares, 12);
        // Within cells: (1+1) + (1+1) + (1+1) + (4+4) = 14, on 8 − 4 = 4 df.
        Assert.Equal(14, table.Term("Residuals").SumOfSquares, 12);
        Assert.Equal(4, table.Term("Residuals").Df);
        Assert.Throws<ArgumentException>(() => TwoWayAnova.Fit(rows.Where(x => x.LevelOfA == "gam" || x.LevelOfB == "real").ToList(), Tool, Fidelity));
    }
}
