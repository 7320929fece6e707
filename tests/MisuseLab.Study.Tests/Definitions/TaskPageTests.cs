using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Tests.Pipeline;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>The locate and remedy page kinds (issue 17) as study files write them: read, and checked.</summary>
public sealed class TaskPageTests
{
    private static JsonNode Utility() => JsonNode.Parse(File.ReadAllText(BuiltStudies.StudyFile("kaur2020-utility.json")))!;

    private static StudyValidationResult Validate(JsonNode study) => StudyValidator.Validate(study.ToJsonString(), "edited.json");

    private static JsonNode Page(JsonNode study, string kind) =>
        study["pages"]!.AsArray().First(p => p!["kind"]!.GetValue<string>() == kind)!;

    [Fact]
    public void The_utility_study_has_a_locate_and_a_remedy_page_each_answered_by_one_item_named_after_the_page()
    {
        var result = Validate(Utility());
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var pages = result.Definition!.Pages;
        var locate = Assert.Single(pages, p => p.Kind == PageKind.Locate);
        var remedy = Assert.Single(pages, p => p.Kind == PageKind.Remedy);
        Assert.Equal(3, locate.Marks);
        Assert.True(remedy.ShowScore);
        Assert.Equal(QuestionKind.Locate, locate.Questions[0].Kind);
        Assert.Equal(locate.Id, locate.Questions[0].Id);
        Assert.Equal(QuestionKind.Remedy, remedy.Questions[0].Kind);
        var items = AnswerItem.ItemsOf(result.Definition);
        Assert.Equal("locate", items.Single(i => i.ItemId == locate.Id).Type);
        Assert.Equal("remedy", items.Single(i => i.ItemId == remedy.Id).Type);
        // After the explanation pages: every global/effect/local page comes before both.
        var lastExplanation = pages.ToList().FindLastIndex(p => p.ShowsExplanation);
        Assert.True(pages.ToList().IndexOf(locate) > lastExplanation && pages.ToList().IndexOf(remedy) > lastExplanation);
    }

    [Fact]
    public void Show_score_defaults_to_false_and_marks_to_three()
    {
        var study = Utility();
        Page(study, "remedy").AsObject().Remove("show_score");
        Page(study, "locate").AsObject().Remove("marks");
        var result = Validate(study);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.False(result.Definition!.Pages.Single(p => p.Kind == PageKind.Remedy).ShowScore);
        Assert.Equal(PageDefinition.DefaultMarks, result.Definition.Pages.Single(p => p.Kind == PageKind.Locate).Marks);
    }

    [Fact]
    public void A_remedy_page_without_a_menu_is_STUDY035_at_the_page()
    {
        var study = Utility();
        study.AsObject().Remove("remedies");
        var result = Validate(study);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StudyErrorCodes.RemedyPageWithoutMenu, error.Code);
        var index = study["pages"]!.AsArray().IndexOf(Page(study, "remedy"));
        Assert.Equal($"$.pages[{index}].kind", error.Path);
    }

    [Fact]
    public void A_locate_page_in_a_study_without_defects_is_STUDY036()
    {
        var study = Utility();
        study["data"]!["defects"] = new JsonArray();
        // Remedies name defects; without defects they would be errors of their own.
        study.AsObject().Remove("remedies");
        Page(study, "remedy").AsObject().Remove("show_score");
        Page(study, "remedy")["kind"] = "ratings";
        // The declared remedy.auc_gain would now name a ratings page (STUDY041, TaskOutcomeTests).
        study.AsObject().Remove("analysis");
        var result = Validate(study);
        Assert.Contains(result.Errors, e => e.Code == StudyErrorCodes.LocatePageWithoutDefects);
        Assert.All(result.Errors, e => Assert.Equal(StudyErrorCodes.LocatePageWithoutDefects, e.Code));
    }

    [Theory]
    [InlineData("ratings", "show_score", "true")]
    [InlineData("ratings", "marks", "3")]
    [InlineData("locate", "marks", "0")]
    [InlineData("remedy", "marks", "2")]
    public void A_task_field_on_the_wrong_page_or_out_of_range_is_an_error(string kind, string property, string value)
    {
        var study = Utility();
        Page(study, kind)[property] = JsonNode.Parse(value);
        var result = Validate(study);
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.pages[", StringComparison.Ordinal));
    }

    [Fact]
    public void A_question_with_the_id_of_a_task_page_is_a_duplicate_id()
    {
        var study = Utility();
        Page(study, "ratings")["questions"]!.AsArray().Add(JsonNode.Parse("""{"id": "locate", "kind": "text", "prompt": "Anything else?", "required": false}"""));
        var result = Validate(study);
        Assert.Contains(result.Errors, e => e.Code == StudyErrorCodes.DuplicateId);
    }
}
