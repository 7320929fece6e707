using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// <see cref="CumulativeLogitModel"/>, <see cref="ProportionalOddsTest"/> and the interaction's likelihood-ratio test
/// against R's <c>ordinal::clm</c>, <c>anova</c> and <c>nominal_test</c>, run on the same data by Rscript.
/// </summary>
public class CumulativeLogitModelRTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> DataSets => ["balanced 2x2", "unbalanced", "with covariates", "7-point with unused middle"];

    [Theory]
    [MemberData(nameof(DataSets))]
    public async Task MatchesOrdinalClm(string dataSet)
    {
        var (rows, formula) = Make(dataSet);
        var options = new CumulativeLogitOptions(DeclaredLevels: dataSet.StartsWith("7-point", StringComparison.Ordinal) ? [1, 2, 3, 4, 5, 6, 7] : null);

        var test = CumulativeLogitModel.TestTerm(rows, formula, "A:B", options);
        var nominal = ProportionalOddsTest.Run(rows, formula, options);
        var r = ROracle.Parse(await ROracle.RunAsync(Script(formula), new Dictionary<string, string> { ["data.csv"] = OrdinalTestData.ToCsv(rows) }),
            "coef", "loglik", "lrt", "nominal");

        var fit = test.Full;
        var expectedNames = r.Keys.Where(k => k.Key == "coef").Select(k => k.Name).ToList();
        Assert.Equal(expectedNames, fit.Thresholds.Select(t => t.Name).Concat(fit.Coefficients.Select(c => c.Name)));
        foreach (var t in fit.Thresholds)
        {
            AssertClose(r[("coef", t.Name)][0], t.Estimate, $"{dataSet}: threshold {t.Name}");
            AssertClose(r[("coef", t.Name)][1], t.StandardError, $"{dataSet}: SE of threshold {t.Name}");
        }

        foreach (var c in fit.Coefficients)
        {
            AssertClose(r[("coef", c.Name)][0], c.Estimate, $"{dataSet}: {c.Name}");
            AssertClose(r[("coef", c.Name)][1], c.StandardError, $"{dataSet}: SE of {c.Name}");
        }

        AssertClose(r[("loglik", "model")][0], fit.LogLikelihood, $"{dataSet}: logLik");
        Assert.Equal((int)r[("loglik", "model")][1], fit.ParameterCount);
        AssertClose(r[("lrt", "A:B")][0], test.Test.Statistic, $"{dataSet}: LR statistic of A:B");
        Assert.Equal((int)r[("lrt", "A:B")][1], test.Test.DegreesOfFreedom);
        AssertClose(r[("lrt", "A:B")][2], test.Test.PValue, $"{dataSet}: LR p of A:B");

        var rNominal = r.Keys.Where(k => k.Key == "nominal").Select(k => k.Name).ToList();
        Assert.Equal(rNominal, nominal.Select(n => n.Term));
        foreach (var n in nominal)
        {
            if (double.IsNaN(r[("nominal", n.Term)][0]))
            {
                // R gives up on a nominal fit whose thresholds diverge when its iterations run out; we report the
                // supremum with Diverged set, or a failure. Either way the reader is told the test is not usable.
                Assert.True(n.Failure is not null || n.Diverged, $"{dataSet}: R's nominal_test could not fit {n.Term}, MisuseLab gives LRT {n.Statistic} without a warning.");
                continue;
            }

            Assert.True(n.Failure is null, $"{dataSet}: nominal test of {n.Term} failed: {n.Failure}");
            AssertClose(r[("nominal", n.Term)][0], n.Statistic, $"{dataSet}: nominal LRT of {n.Term}");
            Assert.Equal((int)r[("nominal", n.Term)][1], n.DegreesOfFreedom);
            AssertClose(r[("nominal", n.Term)][2], n.PValue, $"{dataSet}: nominal p of {n.Term}");
        }

        if (dataSet.StartsWith("7-point", StringComparison.Ordinal))
        {
            Assert.Equal([4], fit.UnusedLevels);
            Assert.Contains(fit.Thresholds, t => t.Name == "3|5");
        }
    }

    internal static (List<ModelRow> Rows, ModelFormula Formula) Make(string dataSet)
    {
        var (rows, formula) = MakeUnordered(dataSet);
        var order = new Dictionary<string, IReadOnlyList<string>>
        {
            ["A"] = OrdinalTestData.LevelsA, ["B"] = OrdinalTestData.LevelsB, ["device"] = OrdinalTestData.Devices,
        };
        return (rows, formula with { LevelOrder = order });
    }

    private static (List<ModelRow> Rows, ModelFormula Formula) MakeUnordered(string dataSet)
    {
        double[] fivePoint = [-1.5, -0.5, 0.5, 1.5];
        double[] sevenPoint = [-2.2, -1.3, -0.5, 0.3, 1.1, 2.0];
        switch (dataSet)
        {
            case "balanced 2x2":
                return (OrdinalTestData.Generate(11, [30, 30, 30, 30], fivePoint, -1.0, false), ModelFormula.Crossed("A", "B"));
            case "unbalanced":
                return (OrdinalTestData.Generate(12, [12, 25, 40, 18], sevenPoint, 0.8, false), ModelFormula.Crossed("A", "B"));
            case "with covariates":
                return (OrdinalTestData.Generate(13, [35, 28, 31, 40], fivePoint, -0.6, true), ModelFormula.Crossed("A", "B", "experience", "device"));
            case "7-point with unused middle":
                var rows = OrdinalTestData.Generate(14, [25, 25, 25, 25], sevenPoint, 0.5, false);
                // Nobody answers the midpoint: those ratings move to 3 or 5, alternately.
                int k = 0;
                return (rows.Select(r => r.Outcome == 4 ? r with { Outcome = k++ % 2 == 0 ? 3 : 5 } : r).ToList(), ModelFormula.Crossed("A", "B"));
            default:
                throw new ArgumentOutOfRangeException(nameof(dataSet), dataSet, "Unknown data set.");
        }
    }

    private static string Script(ModelFormula formula)
    {
        bool device = formula.Terms.Contains("device");
        string rhs = string.Join(" + ", formula.Terms);
        string reduced = string.Join(" + ", formula.Without("A:B").Terms);
        return $$"""
            suppressMessages(library(ordinal))
            d <- read.csv("data.csv", stringsAsFactors = FALSE)
            d$rating <- factor(d$rating, ordered = TRUE)
            d$A <- factor(d$A, levels = {{ROracle.Vector(OrdinalTestData.LevelsA)}})
            d$B <- factor(d$B, levels = {{ROracle.Vector(OrdinalTestData.LevelsB)}})
            {{(device ? $"d$device <- factor(d$device, levels = {ROracle.Vector(OrdinalTestData.Devices)})" : "")}}
            m <- clm(rating ~ {{rhs}}, data = d)
            if (m$convergence$code != 0) stop("clm did not converge")
            s <- coef(summary(m))
            for (n in rownames(s)) cat(sprintf("coef,%s,%.15g,%.15g\n", n, s[n, 1], s[n, 2]))
            cat(sprintf("loglik,model,%.15g,%d\n", as.numeric(logLik(m)), attr(logLik(m), "df")))
            a <- anova(clm(rating ~ {{reduced}}, data = d), m)
            cat(sprintf("lrt,A:B,%.15g,%d,%.15g\n", a$LR.stat[2], a$df[2], a[["Pr(>Chisq)"]][2]))
            nt <- nominal_test(m)
            for (n in rownames(nt)[-1]) cat(sprintf("nominal,%s,%.15g,%.15g,%.15g\n", n, nt[n, "LRT"], nt[n, "Df"], nt[n, "Pr(>Chi)"]))
            """;
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: R gives {expected:R}, MisuseLab {actual:R} (tolerance {Tolerance}).");
}
