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
        Assert.Equal(AnswerKey.ShownRank(3), questions["global-mc"].Key);
        Assert.Equal(DerivedKey.ShownEffectRises, questions["age-mc"].Key!.Derived);
        Assert.Equal("No", questions["misclassified-mc"].Key!.Literal);
        // No question names the age defect (Kaur et al. asked no leading "spike at which age" question).
        Assert.DoesNotContain(s.AllQuestions, q => q.Key?.Derived == DerivedKey.ShownEffectSpike || q.Options.Contains("38"));
    }

    /// <summary>The paper's survey (Kaur et al. 2020, "Components of the Survey"), item by item, as the other helpers' analysis names it.</summary>
    [Fact]
    public void Kaur2020_asks_the_papers_four_blocks_of_seven_items_end_measures_and_screening()
    {
        var s = StudyDefinitionLoader.Load(StudyTestFiles.Path("kaur2020.json"));
        var blocks = new[] { ("global", "global"), ("effect-age", "age"), ("local-correct", "correct"), ("local-misclassified", "misclassified") };
        foreach (var (pageId, b) in blocks)
        {
            var page = s.Pages.Single(p => p.Id == pageId);
            Assert.Equal([$"{b}-mc", $"{b}-understanding", $"{b}-visualizations", $"{b}-confidence", $"{b}-explanations-reasonable", $"{b}-model-reasonable", $"{b}-comments"],
                page.Questions.Select(q => q.Id));
            Assert.NotNull(page.Questions[0].Key);
            Assert.Equal([QuestionKind.Text, QuestionKind.MultiSelect, QuestionKind.Likert, QuestionKind.Likert, QuestionKind.Likert, QuestionKind.Text], page.Questions.Skip(1).Select(q => q.Kind));
            Assert.All(page.Questions.Where(q => q.Kind == QuestionKind.Likert), q =>
                Assert.Equal((1, 7, "Not at all", "Extremely"), (q.Scale!.Min, q.Scale.Max, q.Scale.Anchors[1], q.Scale.Anchors[7])));
            Assert.False(page.Questions[^1].Required);
        }
        Assert.Equal(["tool", "tool"], s.Pages.Where(p => p.Kind == PageKind.Tutorial).Select(p => p.OnlyFor!.Value.Key));
        Assert.Equal(["gam", "shap"], s.Pages.Where(p => p.Kind == PageKind.Tutorial).Select(p => p.OnlyFor!.Value.Value));

        var q = s.AllQuestions.ToDictionary(x => x.Id);
        Assert.Equal(12, q["end-capabilities"].Options.Count);
        Assert.Equal(QuestionKind.NasaTlx, q["end-tlx"].Kind);
        Assert.Equal((1, 7), (q["end-tlx"].Scale!.Min, q["end-tlx"].Scale!.Max));
        Assert.All(new[] { "end-usefulness", "end-deploy" }, id => Assert.Equal(QuestionKind.Likert, q[id].Kind));
        Assert.All(new[] { "end-axes", "end-pipeline", "end-deploy-why", "end-convince" }, id => Assert.Equal(QuestionKind.Text, q[id].Kind));

        var background = s.Background.ToDictionary(x => x.Id);
        Assert.All(new[] { "bg-role-years", "bg-ml-years", "bg-hours-interpretability", "bg-hours-gam-shap" }, id => Assert.Equal(QuestionKind.Number, background[id].Kind));
        Assert.Equal(("bg-ml-experience", (double?)3, (double?)null), (s.Screening!.Item, s.Screening.Min, s.Screening.Max));
        Assert.Equal(QuestionKind.Likert, background["bg-ml-experience"].Kind);
        Assert.Contains("about 45 minutes", s.Consent.Text, StringComparison.Ordinal);

        var plan = s.Analysis!;
        Assert.Equal(["avg-confidence", "avg-explanations-reasonable", "avg-model-reasonable"], plan.Primary.Select(o => o.Reference));
        Assert.All(plan.Primary, o => Assert.Equal(OutcomeKind.Average, o.Kind));
        Assert.Equal(["end-deploy", "avg-tlx", "end-usefulness"], plan.Secondary.Select(o => o.Reference));
        foreach (var (_, b) in blocks)
            foreach (var rating in new[] { "confidence", "explanations-reasonable", "model-reasonable" })
                Assert.Contains($"{b}-{rating}", plan.Averages.Single(a => a.Id == "avg-" + rating).Items);
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
