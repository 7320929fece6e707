using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class StudentTTests
{
    [Theory]
    // Closed forms: ν = 1 is Cauchy, t = tan(π(p − ½)); ν = 2 has t = (2p − 1)/√(2p(1 − p)).
    [InlineData(0.975, 1, 12.706204736174698)]
    [InlineData(0.975, 2, 4.302652729749464)]
    // Printed tables (R's qt to 10 digits).
    [InlineData(0.975, 3, 3.182446305)]
    [InlineData(0.975, 4, 2.776445105)]
    [InlineData(0.975, 9, 2.262157163)]
    [InlineData(0.975, 29, 2.045229642)]
    [InlineData(0.95, 10, 1.812461123)]
    [InlineData(0.995, 5, 4.032142984)]
    [InlineData(0.975, 1000, 1.962339081)]
    public void Quantiles_match_known_values(double p, double nu, double expected)
    {
        Assert.Equal(expected, StudentT.InverseCdf(p, nu), 1e-8);
        Assert.Equal(-expected, StudentT.InverseCdf(1 - p, nu), 1e-8);
        Assert.Equal(p, StudentT.Cdf(expected, nu), 1e-9);
    }

    [Fact]
    public void Closed_forms_hold_to_double_precision()
    {
        foreach (var p in (double[])[0.6, 0.9, 0.975, 0.999])
        {
            Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.InverseCdf(p, 1), 1e-12 * Math.Tan(Math.PI * (p - 0.5)));
            Assert.Equal((2 * p - 1) / Math.Sqrt(2 * p * (1 - p)), StudentT.InverseCdf(p, 2), 1e-12);
        }
        Assert.Equal(0.0, StudentT.InverseCdf(0.5, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.InverseCdf(1, 3));
    }
}
