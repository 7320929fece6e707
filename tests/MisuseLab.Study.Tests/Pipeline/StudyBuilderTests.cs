using System.Text;
using MisuseLab.Study.Defects;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Study.Tests.Pipeline;

public class StudyBuilderTests
{
    [Fact]
    public void Kaur2020_stimuli_are_byte_identical_when_built_again()
    {
        var first = BuiltStudies.Kaur2020;
        var second = BuiltStudies.Build("kaur2020.json");
        Assert.Equal(first.StudyHash, second.StudyHash);
        Assert.Equal(first.Stimuli.Count, second.Stimuli.Count);
        for (var i = 0; i < first.Stimuli.Count; i++)
            Assert.Equal(StimulusSerializer.Serialize(first.Stimuli[i]), StimulusSerializer.Serialize(second.Stimuli[i]));
        // The SHAP arm's model is the ML.NET FastTree pipeline, and its recorded hash is the same when built again.
        Assert.IsType<MisuseLab.Learning.MlNet.MlNetBinaryModel>(first.Models.Single(m => m.Id == "gbdt").Model);
        Assert.Equal(first.Models.Select(m => m.ModelSha256), second.Models.Select(m => m.ModelSha256));
    }

    [Fact]
    public void Every_cell_gets_a_stimulus_for_every_page_with_content()
    {
        var built = BuiltStudies.Kaur2020;
        foreach (var cell in built.Definition.Conditions.Cells)
        {
            foreach (var page in built.Definition.Pages)
            {
                var stimulus = built.Find(cell.Id, page.Id);
                var expected = page.Kind is PageKind.Overview or PageKind.Global or PageKind.Effect or PageKind.Local or PageKind.Examples;
                Assert.Equal(expected, stimulus is not null);
                if (stimulus is null) continue;
                Assert.Equal(cell.Id, stimulus.Condition);
                Assert.Equal(page.Id, stimulus.Page);
                Assert.Equal(page.Kind == PageKind.Local, stimulus.Instance is not null);
            }
        }
    }

    [Fact]
    public void The_kaur2020_file_lists_exactly_the_kaur2020_preset()
    {
        var fromFile = BuiltStudies.Kaur2020.Definition.Data.Defects.Select((d, i) => DefectSpecCatalog.Parse(d, $"$[{i}]")).ToList();
        var preset = DefectPresets.Get(DefectPresets.Kaur2020Name);
        Assert.Equal(preset.Select(Fields), fromFile.Select(Fields));
    }

    [Fact]
    public void Local_stimuli_add_up_to_the_model_output_in_every_condition_that_keeps_additivity()
    {
        var built = BuiltStudies.Kaur2020;
        foreach (var stimulus in built.Stimuli.Where(s => s.Payload is LocalPayload))
        {
            var local = (LocalPayload)stimulus.Payload;
            var sum = local.Base + local.Contributions.Sum(c => c.Contribution);
            Assert.True(Math.Abs(sum - local.Output) <= 1e-9, $"{stimulus.Condition}/{stimulus.Page}: base + Σ = {sum:R}, output = {local.Output:R}");
        }
    }

    [Fact]
    public void Real_and_inverted_cells_show_the_same_person_the_same_output_and_reversed_importance()
    {
        var built = BuiltStudies.Kaur2020;
        foreach (var tool in new[] { "gam", "shap" })
        {
            var real = built.Definition.Conditions.Cells.Single(c => c.Levels["tool"] == tool && c.Manipulation == "real");
            var inverted = built.Definition.Conditions.Cells.Single(c => c.Levels["tool"] == tool && c.Manipulation == "inverted");
            foreach (var page in built.Definition.Pages.Where(p => p.Kind is PageKind.Global or PageKind.Local))
            {
                var r = built.Find(real.Id, page.Id)!;
                var i = built.Find(inverted.Id, page.Id)!;
                Assert.Equal(r.Instance, i.Instance);
                if (r.Payload is GlobalPayload rg && i.Payload is GlobalPayload ig)
                {
                    Assert.Equal(rg.Features.Select(f => f.Importance).Order(), ig.Features.Select(f => f.Importance).Order());
                    // Used features (importance > 0) in reverse order; flat ones stay flat, at the bottom.
                    var used = rg.Features.Where(f => f.Importance > 0).Select(f => f.Name).ToList();
                    Assert.Equal(Enumerable.Reverse(used), ig.Features.Take(used.Count).Select(f => f.Name));
                    Assert.All(ig.Features.Skip(used.Count), f => Assert.Equal(0, f.Importance));
                }
                if (r.Payload is LocalPayload rl && i.Payload is LocalPayload il)
                {
                    Assert.Equal(rl.Output, il.Output);
                    Assert.Equal(rl.Base, il.Base);
                }
            }
        }
    }

    [Fact]
    public void Payloads_never_name_a_cell_its_levels_or_its_manipulation()
    {
        var built = BuiltStudies.Kaur2020;
        // The tool is no secret (participants see which kind of chart they get); the fidelity is.
        var secrets = built.Definition.Conditions.Cells
            .SelectMany(c => new[] { c.Id, c.Manipulation, c.Levels["fidelity"] })
            .Distinct()
            .ToList();
        Assert.Contains("inverted", secrets);
        foreach (var stimulus in built.Stimuli)
        {
            var json = Encoding.UTF8.GetString(stimulus.Payload.ToCanonicalJsonBytes());
            foreach (var secret in secrets)
                Assert.DoesNotContain($"\"{secret}\"", json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_overview_shows_the_injected_spike_at_age_38_in_the_training_histogram()
    {
        var overview = (OverviewPayload)BuiltStudies.Kaur2020.Stimuli.First(s => s.Payload is OverviewPayload).Payload;
        var age = overview.Histograms.Single(h => h.Feature == "age");
        var at = age.Edges.IndexOf(38);
        Assert.True(at > 0, "expected a unit-width bin starting at 38");
        // 10% of the >50K rows (784 of 7,841) set to 38 roughly double the bin; the bin holds exactly the training
        // rows aged 38 after injection, counted here from the data rather than the histogram code.
        var run = BuiltStudies.Kaur2020.Data.Run;
        var expected = run.Final.Train.Column("age").ToArray().Count(v => v == 38);
        Assert.Equal(run.Original.Train.Column("age").ToArray().Count(v => v == 38) + run.Steps[0].Result.Changes.Count(c => c.ChangesValue), expected);
        Assert.Equal(expected, age.Counts[at]);
        Assert.True(age.Counts[at] > 1.5 * Math.Max(age.Counts[at - 1], age.Counts[at + 1]),
            $"count at 38 = {age.Counts[at]}, neighbours {age.Counts[at - 1]} and {age.Counts[at + 1]}");
    }

    [Fact]
    public void Forward_simulation_trials_carry_the_model_key_server_side_and_respect_the_gap()
    {
        var built = BuiltStudies.Baselines;
        var model = built.Models.Single();
        var trials = built.Stimuli.Where(s => s.Payload is TrialPayload).ToList();
        Assert.NotEmpty(trials);
        foreach (var stimulus in trials)
        {
            var rows = stimulus.Instance!.Split(',').Select(id => int.Parse(id["test:".Length..])).ToArray();
            var (pa, pb) = (model.TestProbabilities[rows[0]], model.TestProbabilities[rows[1]]);
            Assert.Equal(pa > pb ? "a" : "b", stimulus.Key);
            var question = built.Definition.Page(stimulus.Page).Questions.Single(q => built.FindTrial(stimulus.Condition, stimulus.Page, q.Id) == stimulus);
            Assert.True(Math.Abs(pa - pb) >= question.MinProbabilityGap!.Value);
            Assert.DoesNotContain("probab", Encoding.UTF8.GetString(stimulus.Payload.ToCanonicalJsonBytes()));
        }
        Assert.Contains(trials, t => t.Key == "a");
        Assert.Contains(trials, t => t.Key == "b");
    }

    private static string Fields(DefectSpec spec) =>
        spec.Name + Encoding.UTF8.GetString(CanonicalJson.ToBytes(w => { w.WriteStartObject(); spec.Parameters.WriteFields(w); w.WriteEndObject(); }));
}
