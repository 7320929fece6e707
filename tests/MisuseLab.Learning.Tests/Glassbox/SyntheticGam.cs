using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Tests.Glassbox;

/// <summary>
/// Data drawn from a known additive logistic model, y ~ Bernoulli(sigmoid(Σ f_j(x_j))), so a trained EBM's
/// shape functions can be compared with the truth.
/// </summary>
internal static class SyntheticGam
{
    public static readonly double[] CategoryEffects = [1.5, -1.5, 1.0, -1.0, 0.0];

    /// <summary>Step at 25 on 0..49 (each integer its own bin).</summary>
    public static double Step(double x) => x >= 25 ? 1.0 : -1.0;

    /// <summary>Linear on 40 evenly spaced values in [-2, 2).</summary>
    public static double Linear(double x) => 0.8 * x;

    public static double Category(double c) => CategoryEffects[(int)c];

    public static readonly FeatureSchema Schema = new([
        FeatureSpec.Numeric("step"),
        FeatureSpec.Numeric("linear"),
        FeatureSpec.Categorical("colour", ["red", "green", "blue", "cyan", "grey"]),
        FeatureSpec.Numeric("noise"),
    ]);

    /// <summary>Rows of (step, linear, colour, noise) where noise carries no signal.</summary>
    public static (Frame Features, bool[] Labels) Draw(int rows, int seed)
    {
        var random = new Random(seed);
        var step = new double[rows];
        var linear = new double[rows];
        var colour = new double[rows];
        var noise = new double[rows];
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            step[i] = random.Next(50);
            linear[i] = -2 + 0.1 * random.Next(40);
            colour[i] = random.Next(CategoryEffects.Length);
            noise[i] = random.Next(30);
            var margin = Step(step[i]) + Linear(linear[i]) + Category(colour[i]);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-margin));
        }
        return (new Frame(Schema, [step, linear, colour, noise]), labels);
    }

    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double meanA = a.Average(), meanB = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            sab += (a[i] - meanA) * (b[i] - meanB);
            saa += (a[i] - meanA) * (a[i] - meanA);
            sbb += (b[i] - meanB) * (b[i] - meanB);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
