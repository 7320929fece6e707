using MisuseLab.Learning.Data;
using MisuseLab.Learning.Explainers;
using MisuseLab.Learning.Models;

namespace MisuseLab.Learning.Tests.Explainers;

public sealed class FeatureEffectsTests
{
    [Fact]
    public void Ensemble_effect_has_dependence_points_binned_means_density_and_partial_dependence()
    {
        var random = new Random(31);
        var schema = RandomEnsembles.Schema(4);
        var model = RandomEnsembles.Ensemble(random, schema, trees: 8, maxDepth: 3);
        var frame = RandomEnsembles.Rows(random, schema, 300);
        var shap = TreeShap.Explain(model, frame);
        var effect = FeatureEffects.ForEnsemble(model, frame, 0, shap, new FeatureEffectOptions { MaxBins = 8, PartialDependenceRows = 120, Seed = 3 });

        Assert.Equal(frame.RowCount, effect.Dependence.Count);
        Assert.Equal(shap[17, 0], effect.Dependence[17].Attribution);
        Assert.Equal(frame.RowCount, effect.Density.Sum(b => b.Count));
        Assert.Equal(frame.Column(0).ToArray().Count(double.IsNaN), effect.Density[0].Count);
        foreach (var bin in effect.BinnedMeans.Where(b => b.Bin.Count > 0))
        {
            var inBin = effect.Dependence.Where(p => bin.Bin.Bin == 0 ? double.IsNaN(p.Value) : p.Value >= bin.Bin.Lower && p.Value < bin.Bin.Upper).ToList();
            Assert.Equal(bin.Bin.Count, inBin.Count);
            Assert.Equal(inBin.Average(p => p.Attribution), bin.MeanAttribution, 12);
            var mean = inBin.Average(p => p.Attribution);
            Assert.Equal(Math.Sqrt(inBin.Average(p => (p.Attribution - mean) * (p.Attribution - mean))), bin.StandardDeviation, 9);
        }

        // Independent partial dependence: the same seeded rows, feature fixed, full predictions.
        var rows = FeatureEffects.SampleRows(frame.RowCount, 120, 3);
        Assert.Equal(120, rows.Distinct().Count());
        foreach (var point in effect.PartialDependence)
        {
            var mean = rows.Select(i => { var r = frame.Row(i); r[0] = point.Value; return model.PredictRaw(r); }).Average();
            Assert.Equal(mean, point.MeanMargin, 12);
        }
        Assert.Contains(effect.PartialDependence, p => p.Label == "missing" && double.IsNaN(p.Value));
    }

    [Fact]
    public void A_categorical_feature_keeps_one_bin_per_category_beyond_max_bins()
    {
        var schema = new FeatureSchema([FeatureSpec.Categorical("country", Enumerable.Range(0, 41).Select(c => $"c{c}"))]);
        var values = Enumerable.Range(0, 400).Select(i => (double)(i % 41)).ToArray();
        var tree = new RegressionTree([1, -1, -1], [2, -1, -1], [0, -1, -1], [double.NaN, 0, 0], [false, false, false],
            [[3, 7, 40], [], []], [0, 1.0, -0.5], [400, 30, 370]);
        var model = new TreeEnsembleModel(schema, [tree], 0);
        var frame = new Frame(schema, [values]);
        var effect = FeatureEffects.ForEnsemble(model, frame, 0, options: new FeatureEffectOptions { MaxBins = 8 });
        Assert.Equal(42, effect.Density.Count);
        Assert.Equal(41, effect.PartialDependence.Count);
        Assert.Equal(1.0, effect.PartialDependence.Single(p => p.Label == "c40").MeanMargin);
        Assert.Equal(-0.5, effect.PartialDependence.Single(p => p.Label == "c39").MeanMargin);
    }

    [Fact]
    public void Ebm_shape_function_lists_every_bin_with_score_band_and_count()
    {
        var random = new Random(32);
        var schema = RandomEnsembles.Schema(2);
        var frame = RandomEnsembles.Rows(random, schema, 200);
        var model = RandomEbms.Ebm(random, frame);
        foreach (var feature in (int[])[0, 1])
        {
            var effect = FeatureEffects.ForEbm(model, frame, feature);
            Assert.Equal(model.Bins.Features[feature].BinCount, effect.Shape.Count);
            Assert.Equal(frame.RowCount, effect.Density.Sum(b => b.Count));
            foreach (var bin in effect.Shape)
            {
                Assert.Equal(model.TermScores[feature][bin.Bin.Bin], bin.Score);
                Assert.Equal(bin.Score - model.TermStandardDeviations[feature][bin.Bin.Bin], bin.Lower);
                Assert.Equal(bin.Score + model.TermStandardDeviations[feature][bin.Bin.Bin], bin.Upper);
                if (bin.Bin.Bin > 0 && !double.IsNaN(bin.Bin.Representative))
                    Assert.Equal(bin.Bin.Bin, model.Bins.Features[feature].BinOf(bin.Bin.Representative));
            }
        }
        var categorical = FeatureEffects.ForEbm(model, frame, 1);
        Assert.Equal(["missing", "k0", "k1", "k2", "k3", "k4"], categorical.Shape.Select(s => s.Bin.Label));
    }
}
