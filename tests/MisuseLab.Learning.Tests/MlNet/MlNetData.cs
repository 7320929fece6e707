using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Tests.MlNet;

/// <summary>Small seeded data for ML.NET tests: four numeric columns and one three-level categorical column, with signal in all but x3.</summary>
internal static class MlNetData
{
    public static readonly FeatureSchema Schema = new([
        FeatureSpec.Numeric("x0"), FeatureSpec.Numeric("x1"), FeatureSpec.Categorical("colour", ["red", "green", "blue"]),
        FeatureSpec.Numeric("x2"), FeatureSpec.Numeric("x3"),
    ]);

    public static (Frame Frame, bool[] Labels) Make(int rows, int seed, double missing = 0)
    {
        var random = new Random(seed);
        var columns = Enumerable.Range(0, Schema.Count).Select(_ => new double[rows]).ToArray();
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            var x0 = Math.Round(random.NextDouble() * 4 - 2, 2);
            var x1 = Math.Round(random.NextDouble() * 4 - 2, 2);
            var colour = random.Next(3);
            var x2 = Math.Round(random.NextDouble() * 10, 1);
            var x3 = Math.Round(random.NextDouble(), 3);
            var margin = 1.5 * x0 - x1 * x1 + (colour == 2 ? 1.2 : colour == 1 ? -0.8 : 0) + 0.2 * (x2 - 5) + 0.5 * (random.NextDouble() * 2 - 1);
            labels[i] = margin > 0;
            columns[0][i] = x0;
            columns[1][i] = random.NextDouble() < missing ? double.NaN : x1;
            columns[2][i] = random.NextDouble() < missing ? double.NaN : colour;
            columns[3][i] = x2;
            columns[4][i] = x3;
        }
        return (new Frame(Schema, columns), labels);
    }
}
