using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class AnalysisPlanTests
{
    [Fact]
    public void The_demo_plan_reads_with_resolved_outcome_kinds_and_defaults()
    {
        var plan = StudyTestFiles.Validate(StudyTestFiles.Node("demo.json")).Definition!.Analysis!;

        Assert.Equal(0.05, plan.Alpha);
        Assert.Equal([new AnalysisOutcome("rate-explanations-reasonable", OutcomeKind.Rating)], plan.Primary);
        Assert.Equal([new AnalysisOutcome("rate-model-reasonable", OutcomeKind.Rating), new AnalysisOutcome("top-feature", OutcomeKind.Answer)], plan.Secondary);
        Assert.Equal(["fidelity"], plan.Factors);
        Assert.Equal(["bg-familiar-shap", "bg-ml-years"], plan.Covariates);
        Assert.Equal(CorrectionPlan.Holm, plan.Correction.Method);
        Assert.Equal([new EquivalenceBound("rate-model-reasonable", "fidelity", 1)], plan.Equivalence);
        Assert.Equal(new ExclusionRules(false, 2, true), plan.Exclusions);
    }

    [Fact]
    public void A_page_of_trials_is_an_accuracy_outcome_and_omitted_parts_take_their_defaults()
    {
        var s = StudyTestFiles.Node("baselines.json");
        s["analysis"] = new JsonObject { ["primary"] = new JsonArray("simulate") };

        var plan = StudyTestFiles.Validate(s).Definition!.Analysis!;

        Assert.Equal([new AnalysisOutcome("simulate", OutcomeKind.PageAccuracy)], plan.Primary);
        Assert.Equal(["arm"], plan.Factors);
        Assert.Equal(["simulate"], plan.Correction.Family);
        Assert.Equal(AnalysisPlan.DefaultAlpha, plan.Alpha);
        Assert.Equal(ExclusionRules.None, plan.Exclusions);
    }

    [Fact]
    public void A_study_without_the_section_has_no_plan()
    {
        var s = StudyTestFiles.Node("demo.json");
        s.Remove("analysis");
        s.Remove("power"); // a power section needs the analysis it powers
        Assert.Null(StudyTestFiles.Validate(s).Definition!.Analysis);
    }

    [Fact]
    public void Every_bad_reference_is_reported_at_its_path()
    {
        var s = StudyTestFiles.Node("demo.json");
        var a = s["analysis"]!;
        a["primary"] = new JsonArray("rate-explanations-reasonable", "no-such-item");
        a["secondary"] = new JsonArray("consent", "rate-explanations-reasonable");
        a["factors"] = new JsonArray("tool");
        a["covariates"] = new JsonArray("bg-familiar-shap", "bg-age");
        a["correction"] = new JsonObject { ["method"] = "holm", ["family"] = new JsonArray("top-feature") };
        a["equivalence"] = new JsonArray(
            new JsonObject { ["outcome"] = "top-feature", ["factor"] = "fidelity", ["bound"] = 1 },
            new JsonObject { ["outcome"] = "rate-explanations-reasonable", ["factor"] = "fidelity", ["bound"] = 6 });
        a["exclusions"] = new JsonObject { ["failed_catch"] = true, ["min_seconds_per_page"] = -1, ["colour"] = "red" };
        a["alpha"] = 0.9;

        var result = StudyTestFiles.Validate(s);

        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY008", "$.analysis.alpha"),
                ("STUDY011", "$.analysis.covariates[1]"),
                ("STUDY011", "$.analysis.correction.family[0]"),
                ("STUDY011", "$.analysis.equivalence[0].factor"),
                ("STUDY011", "$.analysis.equivalence[0].outcome"),
                ("STUDY008", "$.analysis.equivalence[1].bound"),
                ("STUDY011", "$.analysis.equivalence[1].factor"),
                ("STUDY029", "$.analysis.exclusions.failed_catch"),
                ("STUDY004", "$.analysis.exclusions.colour"),
                ("STUDY008", "$.analysis.exclusions.min_seconds_per_page"),
                ("STUDY011", "$.analysis.factors[0]"),
                ("STUDY011", "$.analysis.primary[1]"),
                ("STUDY029", "$.analysis.secondary[0]"),
                ("STUDY009", "$.analysis.secondary[1]"),
            }.OrderBy(p => p.Item2, StringComparer.Ordinal).ThenBy(p => p.Item1, StringComparer.Ordinal),
            StudyTestFiles.CodesAndPaths(result));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Hint)));
    }

    [Fact]
    public void Wrong_kinds_are_named_with_what_was_found()
    {
        var s = StudyTestFiles.Node("baselines.json");
        s["analysis"] = new JsonObject
        {
            ["primary"] = new JsonArray("catch-01", "strategy", "rate-understand"),
            ["equivalence"] = new JsonArray(new JsonObject { ["outcome"] = "rate-understand", ["factor"] = "arm", ["bound"] = 1 }),
        };

        var result = StudyTestFiles.Validate(s);

        Assert.Equal(
            [("STUDY029", "$.analysis.equivalence[0].factor"), ("STUDY029", "$.analysis.primary[0]"), ("STUDY029", "$.analysis.primary[1]")],
            StudyTestFiles.CodesAndPaths(result));
        Assert.Contains("attention item", result.Errors.Single(e => e.Path == "$.analysis.primary[0]").Message);
        Assert.Contains("unkeyed text question", result.Errors.Single(e => e.Path == "$.analysis.primary[1]").Message);
        Assert.Contains("3 levels", result.Errors.Single(e => e.Path == "$.analysis.equivalence[0].factor").Message);
    }
}
