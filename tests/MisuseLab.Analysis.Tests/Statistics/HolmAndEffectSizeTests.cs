using System.Globalization;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary><see cref="HolmAdjustment"/> and <see cref="EffectSizes"/> against R run on the same numbers.</summary>
public class HolmAndEffectSizeTests
{
    [Fact]
    public async Task Holm_MatchesRPAdjust()
    {
        var random = new Random(5);
        double[][] families =
        [
            [0.01, 0.04, 0.03, 0.5],
            [0.02, 0.02, 0.001, 0.3, 0.04, 0.04],                               // ties
            Enumerable.Range(0, 12).Select(_ => Math.Round(random.NextDouble() * 0.2, 4)).ToArray(),
            [0.9, 0.6],                                                          // capped at 1
        ];
        string script = string.Join("\n", families.Select((f, i) =>
            $"cat(sprintf(\"holm,{i},%s\\n\", paste(sprintf(\"%.15g\", p.adjust({ROracle.Vector(f)}, method = \"holm\")), collapse = \",\")))"));
        var r = ROracle.Parse(await ROracle.RunAsync(script, new Dictionary<string, string>()), "holm");

        for (int i = 0; i < families.Length; i++)
        {
            double[] adjusted = HolmAdjustment.Adjust(families[i]);
            Assert.Equal(r[("holm", i.ToString(CultureInfo.InvariantCulture))].Length, adjusted.Length);
            for (int k = 0; k < adjusted.Length; k++)
            {
                Assert.Equal(r[("holm", i.ToString(CultureInfo.InvariantCulture))][k], adjusted[k], 1e-12);
            }
        }
    }

    [Fact]
    public void Holm_NamedFamily_KeepsNamesAndRejectsBadInput()
    {
        var result = HolmAdjustment.Adjust([("interaction", 0.01), ("A", 0.04)]);
        Assert.Equal(("interaction", 0.02), (result[0].Name, result[0].Adjusted));
        Assert.Equal(0.04, result[1].Adjusted, 12);
        Assert.Equal("family", Assert.Throws<ArgumentException>(() => HolmAdjustment.Adjust([("A", 0.1), ("A", 0.2)])).ParamName);
        Assert.Equal("pValues", Assert.Throws<ArgumentException>(() => HolmAdjustment.Adjust([0.1, double.NaN])).ParamName);
        Assert.Empty(HolmAdjustment.Adjust(Array.Empty<double>()));
    }

    [Fact]
    public async Task CohensD_MatchesRFromTheFormula()
    {
        var random = new Random(8);
        double[] x = Enumerable.Range(0, 23).Select(_ => Math.Round(4 + 2 * random.NextDouble(), 2)).ToArray();
        double[] y = Enumerable.Range(0, 31).Select(_ => Math.Round(3.5 + 2.5 * random.NextDouble(), 2)).ToArray();
        string script = $"""
            x <- {ROracle.Vector(x)}; y <- {ROracle.Vector(y)}; nx <- length(x); ny <- length(y)
            d <- (mean(x) - mean(y)) / sqrt(((nx - 1) * var(x) + (ny - 1) * var(y)) / (nx + ny - 2))
            ci <- d + c(-1, 1) * qnorm(0.975) * sqrt((nx + ny) / (nx * ny) + d^2 / (2 * (nx + ny)))
            cat(sprintf("d,x-y,%.15g,%.15g,%.15g\n", d, ci[1], ci[2]))
            """;
        var r = ROracle.Parse(await ROracle.RunAsync(script, new Dictionary<string, string>()), "d")[("d", "x-y")];

        var d = EffectSizes.CohensD("x-y", x, y);
        Assert.Equal(r[0], d.Estimate, 1e-10);
        Assert.Equal(r[1], d.Lower, 1e-10);
        Assert.Equal(r[2], d.Upper, 1e-10);
        Assert.Equal(EffectSizes.HedgesOlkinMethod, d.Method);
    }

    [Fact]
    public void CohensD_IsAntisymmetricAndRejectsConstantGroups()
    {
        double[] x = [1, 2, 3, 4], y = [2, 4, 5, 7, 9];
        var forward = EffectSizes.CohensD("f", x, y);
        var backward = EffectSizes.CohensD("b", y, x);
        Assert.Equal(-forward.Estimate, backward.Estimate, 12);
        Assert.Equal(-forward.Upper, backward.Lower, 12);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => EffectSizes.CohensD("c", [1, 1], [2, 2])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EffectSizes.CohensD("c", x, [2])).ParamName);
    }

    [Fact]
    public async Task OddsRatios_MatchClmWaldIntervals()
    {
        var (rows, formula) = CumulativeLogitModelRTests.Make("unbalanced");
        string script = $$"""
            suppressMessages(library(ordinal))
            d <- read.csv("data.csv", stringsAsFactors = FALSE)
            d$rating <- factor(d$rating, ordered = TRUE)
            d$A <- factor(d$A, levels = {{ROracle.Vector(OrdinalTestData.LevelsA)}}); d$B <- factor(d$B, levels = {{ROracle.Vector(OrdinalTestData.LevelsB)}})
            m <- clm(rating ~ A * B, data = d)
            e <- exp(cbind(coef(m), confint(m, type = "Wald")))
            for (n in names(m$beta)) cat(sprintf("or,%s,%.15g,%.15g,%.15g\n", n, e[n, 1], e[n, 2], e[n, 3]))
            """;
        var r = ROracle.Parse(await ROracle.RunAsync(script, new Dictionary<string, string> { ["data.csv"] = OrdinalTestData.ToCsv(rows) }), "or");

        var ors = EffectSizes.OddsRatios(CumulativeLogitModel.Fit(rows, formula));
        Assert.Equal(r.Keys.Select(k => k.Name), ors.Select(o => o.Name));
        foreach (var or in ors)
        {
            // 1e-4 on the log scale, the tolerance of the model's coefficients.
            Assert.Equal(Math.Log(r[("or", or.Name)][0]), Math.Log(or.Estimate), 1e-4);
            Assert.Equal(Math.Log(r[("or", or.Name)][1]), Math.Log(or.Lower), 1e-4);
            Assert.Equal(Math.Log(r[("or", or.Name)][2]), Math.Log(or.Upper), 1e-4);
        }
    }
}
