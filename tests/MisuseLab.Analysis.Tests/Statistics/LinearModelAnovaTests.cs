using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// <see cref="LinearModelAnova"/> beyond the R comparison of TaskOutcomeRTests: on a 2×2 it gives the table of
/// <see cref="TwoWayAnova"/> (whose own columns are built by hand and checked against R's aov), and a term it cannot
/// estimate is a fit failure naming it, as lm would stop.
/// </summary>
public sealed class LinearModelAnovaTests
{
    private static readonly ModelFormula Crossed = new(["tool", "fidelity", "tool:fidelity"],
        new Dictionary<string, IReadOnlyList<string>> { ["tool"] = ["gam", "shap"], ["fidelity"] = ["real", "inverted"] });

    private static List<(string Tool, string Fidelity, double Y)> Data(int seed)
    {
        var random = new Random(seed);
        var rows = new List<(string, string, double)>();
        foreach (var (tool, fidelity, n) in new[] { ("gam", "real", 6), ("gam", "inverted", 4), ("shap", "real", 9), ("shap", "inverted", 5) })
            for (var i = 0; i < n; i++) rows.Add((tool, fidelity, random.NextDouble() + (tool == "shap" && fidelity == "real" ? 0.5 : 0)));
        return rows;
    }

    private static ModelRow Row(string tool, string fidelity) => new(0, new Dictionary<string, string> { ["tool"] = tool, ["fidelity"] = fidelity });

    [Fact]
    public void A_two_by_two_gives_the_two_way_anova_table()
    {
        var data = Data(7);
        var ours = LinearModelAnova.Fit([.. data.Select(d => Row(d.Tool, d.Fidelity))], [.. data.Select(d => d.Y)], Crossed);
        var reference = TwoWayAnova.Fit([.. data.Select(d => new FactorialObservation(d.Tool, d.Fidelity, d.Y))],
            new TwoLevelFactor("tool", "gam", "shap"), new TwoLevelFactor("fidelity", "real", "inverted"));
        Assert.Equal(reference.Terms.Select(t => (t.Term, t.Df)), ours.Terms.Select(t => (t.Term, t.Df)));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(reference.Terms[i].SumOfSquares, ours.Terms[i].SumOfSquares, 1e-10);
            Assert.Equal(reference.Terms[i].P ?? -1, ours.Terms[i].P ?? -1, 1e-10);
        }
    }

    [Fact]
    public void A_factor_with_one_level_or_an_empty_cell_is_a_fit_failure_naming_it()
    {
        var data = Data(8);
        // A design cut down to one tool (as the browser tests cut kaur2020-utility) declares that factor with one level.
        var oneTool = data.Where(d => d.Tool == "shap").ToList();
        var cut = Crossed with { LevelOrder = new Dictionary<string, IReadOnlyList<string>> { ["tool"] = ["shap"], ["fidelity"] = ["real", "inverted"] } };
        var e = Assert.Throws<ModelFitException>(() => LinearModelAnova.Fit([.. oneTool.Select(d => Row(d.Tool, d.Fidelity))], [.. oneTool.Select(d => d.Y)], cut));
        Assert.Contains("'tool'", e.Message, StringComparison.Ordinal);
        var noCell = data.Where(d => !(d.Tool == "shap" && d.Fidelity == "inverted")).ToList();
        Assert.Throws<ModelFitException>(() => LinearModelAnova.Fit([.. noCell.Select(d => Row(d.Tool, d.Fidelity))], [.. noCell.Select(d => d.Y)], Crossed));
    }
}
