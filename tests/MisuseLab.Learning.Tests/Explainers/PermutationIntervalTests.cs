using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

/// <summary>The t quantile that sets the width of permutation importance's interval (MathNet's Student t).</summary>
public sealed class PermutationIntervalTests
{
    [Theory]
    // Oracle: R 4.2.2, sprintf("%.17g", qt(0.5 + level / 2, df = repeats - 1)); the R call for each row is given.
    [InlineData(0.95, 2, 12.706204736174694)] // qt(0.975, 1)
    [InlineData(0.95, 3, 4.3026527297494619)] // qt(0.975, 2)
    [InlineData(0.95, 4, 3.1824463052837078)] // qt(0.975, 3)
    [InlineData(0.95, 5, 2.7764451051977934)] // qt(0.975, 4)
    [InlineData(0.95, 10, 2.2621571627982049)] // qt(0.975, 9)
    [InlineData(0.95, 30, 2.0452296421327034)] // qt(0.975, 29)
    [InlineData(0.90, 11, 1.8124611228116756)] // qt(0.95, 10)
    [InlineData(0.99, 6, 4.0321429835552287)] // qt(0.995, 5)
    [InlineData(0.998, 50, 3.2650791729288584)] // qt(0.999, 49)
    [InlineData(0.95, 1001, 1.9623390808264076)] // qt(0.975, 1000)
    public void Quantiles_match_r(double level, int repeats, double expected)
    {
        // MathNet finds the quantile by root search; against R it is within 1e-11 relative (largest at df = 1000).
        Assert.Equal(expected, PermutationImportance.TQuantile(level, repeats), 1e-10 * expected);
    }

    [Fact]
    public void Closed_forms_hold()
    {
        // ν = 1 is Cauchy, t = tan(π(p − ½)); ν = 2 has t = (2p − 1)/√(2p(1 − p)); p = ½ + level/2.
        foreach (var level in (double[])[0.2, 0.8, 0.95, 0.998])
        {
            var p = 0.5 + level / 2;
            var cauchy = Math.Tan(Math.PI * (p - 0.5));
            Assert.Equal(cauchy, PermutationImportance.TQuantile(level, 2), 1e-10 * cauchy);
            Assert.Equal((2 * p - 1) / Math.Sqrt(2 * p * (1 - p)), PermutationImportance.TQuantile(level, 3), 1e-12);
        }
    }
}
