using Microsoft.ML;
using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.MlNet;

namespace MisuseLab.Learning.Tests.MlNet;

public sealed class MlNetPermutationImportanceTests
{
    [Fact]
    public void Our_pfi_and_mlnets_rank_numeric_columns_alike()
    {
        // Numeric columns only, so each is one slot and both measure the same thing: the AUC drop when it is shuffled.
        var schema = new FeatureSchema(new[] { "strong", "medium", "weak", "noise" }.Select(FeatureSpec.Numeric));
        var random = new Random(11);
        const int rows = 3000;
        var columns = Enumerable.Range(0, 4).Select(_ => new double[rows]).ToArray();
        var labels = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < 4; j++) columns[j][i] = Math.Round(random.NextDouble() * 2 - 1, 3);
            labels[i] = 3 * columns[0][i] + 1.2 * columns[1][i] + 0.4 * columns[2][i] + 0.3 * (random.NextDouble() * 2 - 1) > 0;
        }
        var frame = new Frame(schema, columns);
        var model = new FastTreePipeline(new FastTreeOptions { NumberOfTrees = 40, NumberOfLeaves = 8 }).Train(frame, labels);

        var ours = PermutationImportance.Compute(model, frame, labels, new PermutationImportanceOptions { Repeats = 5, Seed = 1 });
        var transformed = model.Transformer.Transform(model.ToDataView(frame, labels));
        var theirs = model.Context.BinaryClassification.PermutationFeatureImportance(model.Predictor.Transformer, transformed, permutationCount: 5);

        // AUC drops are negative; the most important column has the most negative mean.
        var ourRanking = ours.Features.OrderBy(f => f["AUC"].Mean).Select(f => f.Name).ToArray();
        var theirRanking = Enumerable.Range(0, 4).OrderBy(s => theirs[s].AreaUnderRocCurve.Mean).Select(s => schema[s].Name).ToArray();
        Assert.Equal(["strong", "medium", "weak", "noise"], theirRanking);
        Assert.Equal(theirRanking, ourRanking);
    }
}
