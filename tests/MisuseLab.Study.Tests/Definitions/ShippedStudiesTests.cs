using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class ShippedStudiesTests
{
    public static TheoryData<string> Files() => new("kaur2020.json", "baselines.json", "demo.json", "importance.json", "kaur2020-utility.json");

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_study_files_are_valid(string file)
    {
        var result = StudyDefinitionLoader.Validate(StudyTestFiles.Path(file));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Matches("^[0-9a-f]{64}$", result.Hash);
    }

    [Fact]
    public void The_studies_folder_lists_exactly_the_five_study_files()
    {
        Assert.Equal(["baselines.json", "demo.json", "importance.json", "kaur2020-utility.json", "kaur2020.json"], StudyFiles.List(StudyTestFiles.StudiesDirectory).Select(System.IO.Path.GetFileName));
    }

    [Fact]
    public void Kaur2020_is_a_fully_crossed_tool_by_fidelity_design_with_keyed_comprehension_questions()
    {
        var s = StudyDefinitionLoader.Load(StudyTestFiles.Path("kaur2020.json"));

        Assert.Equal(["tool", "fidelity"], s.Conditions.Factors.Select(f => f.Name));
        Assert.Equal("inverted", s.Cell("shap-inverted").Manipulation);
        Assert.Equal("treeshap", s.Explainer(s.Cell("shap-inverted").Explainer!).Kind);
        Assert.Equal("terms", s.Explainer(s.Cell("gam-real").Explainer!).Kind);
        Assert.Equal(["mean-imputed-age", "relabelled-category", "ad-hoc-binning"], s.Data.Defects.Select(d => d.Name));
        Assert.Equal(38, s.Data.Defects[0].Parameters.GetProperty("value").GetInt32());
        Assert.Equal(0.1, s.Data.Defects[0].Parameters.GetProperty("rate").GetDouble());
        Assert.Equal(">50K", s.Data.Defects[0].Parameters.GetProperty("when").GetProperty("label").GetString());
        // Kaur et al. rearranged names in the global and local views only; the age plot stayed real.
        Assert.All(s.Conditions.Cells, c => Assert.Equal(c.Manipulation == "inverted" ? ["global", "local"] : null, c.ManipulatedViews));

        Assert.Equal(PageKind.Consent, s.Pages[0].Kind);
        Assert.Equal(PageKind.Debrief, s.Pages[^1].Kind);
        Assert.All(s.Pages.Where(p => p.Kind == PageKind.Effect), p => Assert.Equal("age", p.Feature));
        Assert.Equal([InstanceSelector.CorrectPositive, InstanceSelector.Misclassified], s.Pages.Where(p => p.Kind == PageKind.Local).Select(p => p.Instance!.Value));
        var questions = s.AllQuestions.ToDictionary(q => q.Id);
        Assert.Equal(DerivedKey.ShownTopFeature, questions["comp-top-feature"].Key!.Derived);
        Assert.Equal(DerivedKey.ShownEffectRises, questions["comp-age-rises"].Key!.Derived);
        Assert.Equal(DerivedKey.ShownEffectSpike, questions["comp-age-spike"].Key!.Derived);
        Assert.Equal(7, questions["rate-ready-to-deploy"].Scale!.Max);
        Assert.Equal("Strongly agree", questions["rate-ready-to-deploy"].Scale!.Anchors[7]);
        Assert.Equal(QuestionKind.Text, questions["issues-noticed"].Kind);
        Assert.False(questions["issues-noticed"].Required);
    }

    [Fact]
    public void Baselines_has_three_arms_keyed_trials_and_catch_trials()
    {
        var s = StudyDefinitionLoader.Load(StudyTestFiles.Path("baselines.json"));

        Assert.Equal(["none", "real", "example-based"], s.Conditions.Cells.Select(c => c.Manipulation));
        var trials = s.AllQuestions.Where(q => q.Kind == QuestionKind.ForwardSimulation).ToList();
        Assert.Equal(10, trials.Count);
        Assert.All(trials, t => Assert.Equal(DerivedKey.ModelHigher, t.Key!.Derived));
        Assert.All(trials, t => Assert.Equal(7, t.Scale!.Max));
        Assert.Equal(2, trials.Count(t => t.IsCatch));
        Assert.All(trials.Where(t => t.IsCatch), t => Assert.Equal(0.8, t.MinProbabilityGap));
        Assert.Equal(EnrolmentMode.Prolific, s.Enrolment.Mode);
    }
}

public sealed class StudyAssignmentTests
{
    [Theory]
    [InlineData("kaur2020.json", 8)]
    [InlineData("baselines.json", 6)]
    [InlineData("demo.json", 2)]
    public void Assignment_design_has_the_files_block_size_in_the_cells_proportions(string file, int blockSize)
    {
        var study = StudyDefinitionLoader.Load(StudyTestFiles.Path(file));
        var design = StudyAssignment.Design(study);
        Assert.Equal(blockSize, design.BlockSize);
        Assert.Equal(study.Conditions.Cells.Select(c => c.Id), design.Conditions);
        Assert.All(design.Weights, w => Assert.Equal(blockSize / study.Conditions.Cells.Count, w));
        Assert.Equal(study.Assignment.Seed, design.Seed);
    }
}
