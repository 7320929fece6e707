using MathNet.Numerics.LinearAlgebra;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>Checks of <see cref="CumulativeLogitModel"/> that need no R: derivatives, failures and input errors.</summary>
public class CumulativeLogitModelTests
{
    [Fact]
    public void AnalyticGradientAndHessian_MatchFiniteDifferences_WithNominalColumns()
    {
        // Independent of the analytic formulas: central differences of ℓ itself, at an arbitrary valid point.
        var random = new Random(3);
        int n = 40, categories = 4;
        int[] y = Enumerable.Range(0, n).Select(i => i % categories).ToArray();
        var x = Matrix<double>.Build.Dense(n, 2, (i, j) => random.NextDouble() - 0.5);
        var z = Matrix<double>.Build.Dense(n, 1, (i, j) => i % 2);
        double[] theta = [-1.0, 0.1, 1.2, 0.2, -0.1, 0.05, 0.4, -0.3];
        var gradient = new double[theta.Length];
        var hessian = new double[theta.Length, theta.Length];
        CumulativeLogitFitter.Evaluate(y, categories, x, z, theta, gradient, hessian);

        const double h = 1e-5;
        for (int r = 0; r < theta.Length; r++)
        {
            double Shifted(int k, double by)
            {
                var t = (double[])theta.Clone();
                t[k] += by;
                return CumulativeLogitFitter.Evaluate(y, categories, x, z, t, null, null);
            }

            Assert.Equal((Shifted(r, h) - Shifted(r, -h)) / (2 * h), gradient[r], 6);
            for (int s = 0; s < theta.Length; s++)
            {
                var gPlus = new double[theta.Length];
                var gMinus = new double[theta.Length];
                var tPlus = (double[])theta.Clone();
                var tMinus = (double[])theta.Clone();
                tPlus[s] += h;
                tMinus[s] -= h;
                CumulativeLogitFitter.Evaluate(y, categories, x, z, tPlus, gPlus, new double[theta.Length, theta.Length]);
                CumulativeLogitFitter.Evaluate(y, categories, x, z, tMinus, gMinus, new double[theta.Length, theta.Length]);
                Assert.Equal((gPlus[r] - gMinus[r]) / (2 * h), hessian[r, s], 5);
            }
        }
    }

    [Fact]
    public void InterceptOnlyThresholds_AreTheCumulativeLogits()
    {
        // With no covariates the MLE of θⱼ is logit of the cumulative proportion: 2, 3, 5 of 10 → logit(.2), logit(.5).
        var rows = new[] { 1, 1, 2, 2, 2, 3, 3, 3, 3, 3 }.Select(r => new ModelRow(r, new Dictionary<string, string> { ["A"] = "a" })).ToList();
        var fit = CumulativeLogitModel.Fit(rows, new ModelFormula([]));

        Assert.Equal(Math.Log(0.2 / 0.8), fit.Thresholds[0].Estimate, 8);
        Assert.Equal(0.0, fit.Thresholds[1].Estimate, 8);
        Assert.Empty(fit.Coefficients);
    }

    [Fact]
    public void OddsRatiosAndIntervals_FollowFromEstimateAndSe()
    {
        var (rows, formula) = CumulativeLogitModelRTests.Make("balanced 2x2");
        foreach (var c in CumulativeLogitModel.Fit(rows, formula).Coefficients)
        {
            Assert.Equal(c.Estimate - 1.959963984540054 * c.StandardError, c.Lower, 10);
            Assert.Equal(Math.Exp(c.Upper), c.OddsRatioUpper, 10);
            Assert.Equal(Math.Exp(c.Estimate), c.OddsRatio, 10);
        }
    }

    [Fact]
    public void Separation_ThrowsNamingTheCause()
    {
        // Every "inverted" participant rates 5, every "real" one 1–3: the effect of A is infinite.
        var rows = Enumerable.Range(0, 30).Select(i => Row(i % 2 == 0 ? 5 : 1 + i % 3, i % 2 == 0 ? "inverted" : "real", i % 4 < 2 ? "gam" : "shap")).ToList();

        var e = Assert.Throws<ModelFitException>(() => CumulativeLogitModel.Fit(rows, ModelFormula.Additive("A", "B")));
        Assert.Contains("separation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCell_ThrowsNamingTheColumn()
    {
        var rows = Enumerable.Range(0, 30).Select(i => Row(1 + i % 4, i % 3 == 0 ? "b" : "a", i % 3 == 0 ? "x" : i % 2 == 0 ? "x" : "y")).ToList();

        var e = Assert.Throws<ModelFitException>(() => CumulativeLogitModel.Fit(rows, ModelFormula.Crossed("A", "B")));
        Assert.Contains("'Ab:By'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneCategory_Throws()
    {
        var rows = Enumerable.Range(0, 10).Select(i => Row(4, i % 2 == 0 ? "a" : "b", "x")).ToList();

        var e = Assert.Throws<ModelFitException>(() => CumulativeLogitModel.Fit(rows, new ModelFormula(["A"])));
        Assert.Contains("every rating = 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputErrors_NameTheArgument()
    {
        var rows = Enumerable.Range(0, 10).Select(i => Row(1 + i % 3, i % 2 == 0 ? "a" : "b", "x")).ToList();

        Assert.Equal("formula", Assert.Throws<ArgumentException>(() => CumulativeLogitModel.Fit(rows, new ModelFormula(["A", "A:B"]))).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() => CumulativeLogitModel.Fit(rows, new ModelFormula(["C"]))).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentException>(() =>
            CumulativeLogitModel.Fit(rows, new ModelFormula(["A"]), new CumulativeLogitOptions(DeclaredLevels: [1, 2]))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => CumulativeLogitModel.Fit(rows, new ModelFormula(["A"]), new CumulativeLogitOptions(ConfidenceLevel: 1)));
        Assert.Equal("term", Assert.Throws<ArgumentException>(() => CumulativeLogitModel.TestTerm(rows, new ModelFormula(["A"]), "A:B")).ParamName);
    }

    private static ModelRow Row(int rating, string a, string b) =>
        new(rating, new Dictionary<string, string> { ["A"] = a, ["B"] = b });
}
