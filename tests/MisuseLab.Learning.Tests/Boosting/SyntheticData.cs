using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Tests.Boosting;

/// <summary>Small seeded data sets with numeric, categorical and missing values and a known signal.</summary>
internal static class SyntheticData
{
    public static readonly FeatureSchema Schema = new([
        FeatureSpec.Numeric("x1"),
        FeatureSpec.Numeric("x2"),
        FeatureSpec.Categorical("colour", ["red", "green", "blue", "amber"]),
        FeatureSpec.Numeric("noise"),
    ]);

    /// <summary>Label drawn from sigmoid(2·x1 − x2 + colour effect); x2 missing for ~10% of rows.</summary>
    public static (Frame Frame, bool[] Labels) Make(int rows, int seed)
    {
        var random = new Random(seed);
        var x1 = new double[rows];
        var x2 = new double[rows];
        var colour = new double[rows];
        var noise = new double[rows];
        var labels = new bool[rows];
        double[] colourEffect = [1.0, -1.0, 0.8, -0.5];
        for (var i = 0; i < rows; i++)
        {
            x1[i] = Math.Round(random.NextDouble() * 4 - 2, 2);
            x2[i] = random.NextDouble() < 0.1 ? double.NaN : random.NextDouble() * 3;
            colour[i] = random.Next(4);
            noise[i] = random.NextDouble();
            var margin = 2 * x1[i] - (double.IsNaN(x2[i]) ? -1 : x2[i]) + colourEffect[(int)colour[i]];
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-margin));
        }
        return (new Frame(Schema, [x1, x2, colour, noise]), labels);
    }
}
