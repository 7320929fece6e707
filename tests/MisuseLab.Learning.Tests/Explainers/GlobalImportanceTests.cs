using MisuseLab.Learning.Explainers;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class GlobalImportanceTests
{
    [Fact]
    public void Shap_importance_is_mean_absolute_phi()
    {
        var random = new Random(51);
        var schema = RandomEnsembles.Schema(4);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 5, maxDepth: 3);
        var shap = TreeShap.Explain(model, RandomEnsembles.Rows(random, schema, 60));
        var importance = GlobalImportance.FromAttributions(shap);
        for (var f = 0; f < schema.Count; f++)
            Assert.Equal(shap.Column(f).Average(Math.Abs), importance[f].Importance, 14);
    }

    [Fact]
    public void Permutation_importance_is_the_metric_worsening_with_its_interval()
    {
        var delta = new MetricDelta("AUC", -0.04, 0.01, 0.0045, -0.0525, -0.0275, [-0.03, -0.05]);
        var loss = new MetricDelta("LogLoss", 0.08, 0.02, 0.009, 0.055, 0.105, [0.07, 0.09]);
        var result = new PermutationImportanceResult(new Dictionary<string, double> { ["AUC"] = 0.9, ["LogLoss"] = 0.3 },
            [new FeaturePermutationImportance(0, "age", [delta, loss])], 2, 0, 0.95);
        var auc = Assert.Single(GlobalImportance.FromPermutation(result));
        Assert.Equal(new FeatureImportance(0, "age", 0.04, 0.0275, 0.0525), auc);
        var logLoss = Assert.Single(GlobalImportance.FromPermutation(result, ScoreMetrics.LogLoss));
        Assert.Equal(new FeatureImportance(0, "age", 0.08, 0.055, 0.105), logLoss);
    }
}
