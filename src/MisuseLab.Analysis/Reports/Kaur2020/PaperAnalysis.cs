using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Reports.Kaur2020;

/// <summary>The four cells of the paper's design, as this study names them.</summary>
/// <param name="Gn">GAM, normal explanations.</param>
/// <param name="Gm">GAM, manipulated explanations.</param>
/// <param name="Sn">SHAP, normal.</param>
/// <param name="Sm">SHAP, manipulated.</param>
public sealed record PaperCells(string Gn, string Gm, string Sn, string Sm)
{
    public static readonly PaperCells Kaur2020 = new("gam-real", "gam-inverted", "shap-real", "shap-inverted");
}

/// <summary>One preregistered t-test (Welch, as R's t.test) with Cohen's d (pooled SD) for a pair of cells.</summary>
public sealed record PaperComparison(string Pair, TTestResult Test, double CohensD);

/// <summary>Our figures for one Table 2 rating row beside the paper's.</summary>
public sealed record PaperRatingRow(PaperRow Paper, IReadOnlyList<GroupDescriptives> Ours, AnovaTable? Anova, IReadOnlyList<PaperComparison> TTests);

/// <summary>Our counts for one coded-suspicion row beside the paper's, with Fisher's exact test of normal vs manipulated.</summary>
public sealed record PaperCountRow(PaperRow Paper, IReadOnlyList<(int Count, int N)> Ours, double FisherP);

/// <summary>
/// Kaur et al.'s preregistered analysis on this study's data: per outcome, a two-way ANOVA (tool × normal/manipulated,
/// R's aov), unpaired t-tests GN–GM, GN–SN, SN–SM, GM–SM with Cohen's d, and Fisher's exact test on coded suspicion
/// (normal vs manipulated pooled over tools). Input values are one per participant: block ratings averaged per
/// participant first, as the paper's SDs imply.
/// </summary>
public static class PaperAnalysis
{
    public static readonly TwoLevelFactor Tool = new("tool", "gam", "shap");
    public static readonly TwoLevelFactor Fidelity = new("fidelity", "normal", "manipulated");

    /// <param name="values">Per cell id, one value per participant.</param>
    public static PaperRatingRow Rating(PaperRow paper, PaperCells cells, IReadOnlyDictionary<string, IReadOnlyList<double>> values)
    {
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(values);
        IReadOnlyList<double> Of(string cell) => values.TryGetValue(cell, out var v) ? v : [];
        var ours = new[] { cells.Gn, cells.Gm, cells.Sn, cells.Sm }.Select(c => Descriptives.Describe(c, Of(c))).ToList();

        var rows = new List<FactorialObservation>();
        foreach (var (cell, tool, fidelity) in new[] { (cells.Gn, "gam", "normal"), (cells.Gm, "gam", "manipulated"), (cells.Sn, "shap", "normal"), (cells.Sm, "shap", "manipulated") })
            rows.AddRange(Of(cell).Select(v => new FactorialObservation(tool, fidelity, v)));
        AnovaTable? anova = null;
        if (new[] { cells.Gn, cells.Gm, cells.Sn, cells.Sm }.All(c => Of(c).Count >= 1) && rows.Count > 4 && Varies(rows))
        {
            // Values that vary only between cells leave no residual variance: F is undefined and the row prints none.
            try { anova = TwoWayAnova.Fit(rows, Tool, Fidelity); }
            catch (ArgumentException) { anova = null; }
        }

        var tests = new List<PaperComparison>();
        foreach (var (pair, x, y) in new[] { ("GN–GM", cells.Gn, cells.Gm), ("GN–SN", cells.Gn, cells.Sn), ("SN–SM", cells.Sn, cells.Sm), ("GM–SM", cells.Gm, cells.Sm) })
        {
            var a = Of(x);
            var b = Of(y);
            if (a.Count < 2 || b.Count < 2 || !Varies(a.Concat(b).Select(v => new FactorialObservation("", "", v)).ToList())) continue;
            // Each group constant (but different): t and d are undefined, so the pair is left out, as R's t.test stops there.
            try { tests.Add(new PaperComparison(pair, WelchTTest.Test(a, b), EffectSizes.CohensD(pair, a, b).Estimate)); }
            catch (ArgumentException) { }
        }
        return new PaperRatingRow(paper, ours, anova, tests);
    }

    /// <param name="flags">Per cell id, one coded flag per participant (suspicious or not).</param>
    public static PaperCountRow Count(PaperRow paper, PaperCells cells, IReadOnlyDictionary<string, IReadOnlyList<bool>> flags)
    {
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(flags);
        (int, int) Of(string cell) => flags.TryGetValue(cell, out var f) ? (f.Count(x => x), f.Count) : (0, 0);
        var ours = new[] { cells.Gn, cells.Gm, cells.Sn, cells.Sm }.Select(Of).ToList();
        int normalYes = ours[0].Item1 + ours[2].Item1, normalN = ours[0].Item2 + ours[2].Item2;
        int manipulatedYes = ours[1].Item1 + ours[3].Item1, manipulatedN = ours[1].Item2 + ours[3].Item2;
        var p = FisherExactTest.TwoSidedP(new TwoByTwoTable(normalYes, normalN - normalYes, manipulatedYes, manipulatedN - manipulatedYes));
        return new PaperCountRow(paper, ours, p);
    }

    private static bool Varies(List<FactorialObservation> rows) => rows.Select(r => r.Value).Distinct().Skip(1).Any();
}
