using MisuseLab.Learning.MlNet;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>studies/importance.json: PFI, TreeSHAP and ML.NET FCC of one FastTree model, each as a study arm.</summary>
public sealed class MlNetStudyTests
{
    private static readonly Lazy<BuiltStudy> Importance = new(() => BuiltStudies.Build("importance.json"));

    private static GlobalPayload Global(string cell) => (GlobalPayload)Importance.Value.Find(cell, "global")!.Payload;

    [Fact]
    public void Each_arm_shows_its_own_explainer_of_the_same_fasttree_model()
    {
        var built = Importance.Value;
        var model = Assert.IsType<MlNetBinaryModel>(Assert.Single(built.Models).Model);
        Assert.True(built.Models[0].Metrics.Auc >= 0.92, $"AUC {built.Models[0].Metrics.Auc}");
        Assert.Equal(ExplainerKinds.Pfi, Global("arm-pfi").Explainer);
        Assert.Equal(ExplainerKinds.TreeShap, Global("arm-treeshap").Explainer);
        Assert.Equal(ExplainerKinds.Fcc, Global("arm-fcc").Explainer);
        foreach (var cell in new[] { "arm-pfi", "arm-treeshap", "arm-fcc" })
            Assert.Equal(StudyVocabulary.AdultFeatures.Order(StringComparer.Ordinal), Global(cell).Features.Select(f => f.Name).Order(StringComparer.Ordinal));
        // Shuffling a feature the model leans on lowers its AUC: the largest PFI importance is a real drop.
        Assert.True(Global("arm-pfi").Features.Max(f => f.Importance) > 0.01);
        Assert.Equal(model.Schema.Count, Global("arm-fcc").Features.Length);
    }

    [Fact]
    public void The_treeshap_arm_ranks_features_by_mean_absolute_exact_shap_of_mlnets_trees()
    {
        var built = Importance.Value;
        var model = (MlNetBinaryModel)built.Models[0].Model;
        // Computed here on every test row (the arm samples 2,000), so only the leading features are compared.
        var shap = MlNetTreeShap.Explain(model, built.Data.Test, options: new MlNetTreeShapOptions { Target = MlNetShapTarget.LogOdds });
        var mean = Enumerable.Range(0, shap.Schema.Count).Select(f => (Name: shap.Schema[f].Name, Value: Enumerable.Range(0, shap.RowCount).Average(i => Math.Abs(shap[i, f])))).OrderByDescending(p => p.Value).ToList();
        var shown = Global("arm-treeshap").Features.OrderByDescending(f => f.Importance).ToList();
        Assert.Equal(mean[0].Name, shown[0].Name);
        Assert.True(shap.MaxAdditivityError <= 1e-5);
    }

    [Fact]
    public void Every_arm_launches_with_sanity_checks_and_fcc_gets_the_data_randomization_test_only()
    {
        // A launch runs these checks for every explainer; FCC runs inside ML.NET and cannot explain the re-drawn trees of
        // model randomization, so it must get the data test (an ML.NET model retrained on permuted labels), not an error.
        var report = StudySanityChecks.Run(Importance.Value, new StudySanityOptions { ExplainedRows = 50, TrainingRows = 1000 });
        Assert.Equal(["pfi-auc", "shap", "fcc"], report.Explainers.Select(e => e.Explainer));
        var fcc = report.Explainers.Single(e => e.Kind == ExplainerKinds.Fcc);
        var data = Assert.Single(fcc.Tests);
        Assert.Equal(Learning.Explainers.SanityChecks.DataRandomization, data.Test);
        Assert.Equal(5, data.Runs.Count);
        Assert.All(data.RetrainedTrainingAuc!.PerSeed, auc => Assert.InRange(auc!.Value, 0, 1));
    }
}
