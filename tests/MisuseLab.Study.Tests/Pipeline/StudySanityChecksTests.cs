using MisuseLab.Learning.Explainers;
using MisuseLab.Study.Pipeline;

namespace MisuseLab.Study.Tests.Pipeline;

public class StudySanityChecksTests
{
    private static readonly Lazy<StudySanityReport> Kaur = new(() => StudySanityChecks.Run(BuiltStudies.Kaur2020));

    [Fact]
    public void Every_explainer_of_kaur2020_gets_a_verdict_over_five_seeds_with_every_measure()
    {
        var report = Kaur.Value;
        Assert.Equal(BuiltStudies.Kaur2020.Definition.Explainers.Select(e => e.Id), report.Explainers.Select(e => e.Explainer));
        Assert.Equal(5, report.Seeds.Distinct().Count());
        Assert.Equal(BuiltStudies.Kaur2020.StudyHash, report.StudyHash);
        foreach (var explainer in report.Explainers)
        {
            Assert.Equal([SanityChecks.ModelRandomization, SanityChecks.IndependentModelRandomization, SanityChecks.DataRandomization], explainer.Tests.Select(t => t.Test));
            foreach (var test in explainer.Tests)
            {
                Assert.Equal(5, test.Runs.Count);
                Assert.Equal(5, test.Spearman.PerSeed.Count);
                Assert.Equal(test.Runs.Count(r => r.Passed), test.PassedSeeds);
                // The summary is the runs' decisive step, recomputed here from the raw results.
                Assert.Equal(test.Runs.Select(r => r.Steps[^1].Agreement.GlobalKendall), test.KendallTau.PerSeed.Select(v => v!.Value));
                Assert.NotNull(test.LocalSpearman);
            }
            var data = explainer.Tests.Single(t => t.Test == SanityChecks.DataRandomization);
            Assert.All(data.RetrainedTrainingAuc!.PerSeed, auc => Assert.InRange(auc!.Value, 0, 1));
            Assert.Equal(data.RetrainedTrainingAuc.Mean >= 0.6, explainer.DataRandomizationConclusive);
            // Verdict from the definition: mean |ρ| over seeds below 0.5 for cascading model and data randomization.
            var decisive = explainer.Tests.Where(t => t.Test != SanityChecks.IndependentModelRandomization)
                .Select(t => t.Runs.Average(r => Math.Abs(r.Steps[^1].Agreement.GlobalSpearman)));
            Assert.Equal(decisive.All(m => m < 0.5) ? "pass" : "fail", explainer.Verdict);
        }
    }

    [Fact]
    public void The_report_round_trips_through_json_with_snake_case_names()
    {
        var report = Kaur.Value;
        var json = report.ToJson();
        Assert.Contains("\"explainers\"", json);
        Assert.Contains("\"retrained_training_auc\"", json);
        Assert.Contains("\"data_randomization_conclusive\"", json);
        var back = StudySanityReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
    }

    [Fact]
    public void Fewer_than_five_seeds_are_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => StudySanityChecks.Run(BuiltStudies.Kaur2020, new StudySanityOptions { Seeds = 3 }));
        Assert.Contains("at least 5", e.Message);
    }
}
