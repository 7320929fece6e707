using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>Task outcomes <c>{page}.recall|precision|auc_gain</c> in <c>analysis.primary/secondary</c> (STUDY041, STUDY042).</summary>
public sealed class TaskOutcomeTests
{
    [Fact]
    public void Kaur2020_utility_declares_the_remedy_gain_and_the_locate_recall_and_reads_them_as_task_scores()
    {
        var result = StudyTestFiles.Validate(StudyTestFiles.Node("kaur2020-utility.json"));
        Assert.Empty(result.Errors);
        var plan = result.Definition!.Analysis!;
        Assert.Equal([new AnalysisOutcome("remedy.auc_gain", OutcomeKind.TaskScore)], plan.Primary);
        Assert.Equal([new AnalysisOutcome("locate.recall", OutcomeKind.TaskScore)], plan.Secondary);
        Assert.Equal(["remedy.auc_gain"], plan.Correction.Family);
    }

    [Fact]
    public void A_reference_to_a_missing_or_non_task_page_is_STUDY041_and_a_metric_of_the_other_kind_is_STUDY042()
    {
        var s = StudyTestFiles.Node("kaur2020-utility.json");
        s["analysis"]!["primary"] = new JsonArray("remedy.auc_gain", "ratings.recall", "no-page.auc_gain");
        s["analysis"]!["secondary"] = new JsonArray("locate.precision", "remedy.recall", "locate.auc_gain");

        var result = StudyTestFiles.Validate(s);

        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY041", "$.analysis.primary[1]"),
                ("STUDY041", "$.analysis.primary[2]"),
                ("STUDY042", "$.analysis.secondary[1]"),
                ("STUDY042", "$.analysis.secondary[2]"),
            },
            StudyTestFiles.CodesAndPaths(result));
        var byPath = result.Errors.ToDictionary(e => e.Path);
        Assert.Contains("found a ratings page", byPath["$.analysis.primary[1]"].Message, StringComparison.Ordinal);
        Assert.Contains("found no page with that id", byPath["$.analysis.primary[2]"].Message, StringComparison.Ordinal);
        Assert.Contains("found 'recall'", byPath["$.analysis.secondary[1]"].Message, StringComparison.Ordinal);
        Assert.Contains("locate.recall, locate.precision, remedy.auc_gain", byPath["$.analysis.secondary[2]"].Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_metric_is_a_schema_error_at_its_path()
    {
        var s = StudyTestFiles.Node("kaur2020-utility.json");
        s["analysis"]!["primary"] = new JsonArray("remedy.auc");
        var result = StudyTestFiles.Validate(s);
        Assert.Contains(result.Errors, e => e.Path == "$.analysis.primary[0]");
        Assert.DoesNotContain(result.Errors, e => e.Code is "STUDY041" or "STUDY042");
    }

    [Theory]
    [InlineData("remedy.auc_gain", "remedy", "auc_gain")]
    [InlineData("locate-2.precision", "locate-2", "precision")]
    [InlineData("locate", null, null)]
    [InlineData("locate.f1", null, null)]
    public void Parse_splits_at_the_metric(string reference, string? page, string? metric)
    {
        var parsed = TaskOutcome.Parse(reference);
        Assert.Equal(page, parsed?.Page);
        Assert.Equal(metric, parsed?.Metric);
    }
}
