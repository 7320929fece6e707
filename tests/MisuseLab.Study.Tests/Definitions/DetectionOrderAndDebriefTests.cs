using System.Globalization;
using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class DetectionOrderAndDebriefTests
{
    [Fact]
    public void Kaur2020_names_no_defect_in_any_question_and_validates_without_warnings()
    {
        var result = StudyDefinitionLoader.Validate(StudyTestFiles.Path("kaur2020.json"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Warnings);
        var study = result.Definition!;
        Assert.All(study.Pages, page => Assert.All(page.Questions, q => Assert.Null(DetectionOrderCheck.NamedDefect(study, page, q))));
    }

    [Fact]
    public void A_defect_question_before_the_free_text_detection_question_is_a_warning_with_its_path()
    {
        var node = StudyTestFiles.Node("kaur2020.json");
        var pages = node["pages"]!.AsArray();
        var agePage = pages.Single(p => (string?)p!["id"] == "effect-age")!;
        // The leading question kaur2020 1.x asked: it offers the imputed age 38.
        agePage["questions"]!.AsArray().Insert(0, JsonNode.Parse("""{ "id": "age-spike", "kind": "choice", "prompt": "At which age, if any, does the chart show an unusual spike?", "options": ["25", "38", "50", "65", "I see no spike"], "key": { "derived": "shown-effect-spike" } }"""));
        var result = StudyTestFiles.Validate(node);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var warning = Assert.Single(result.Warnings, w => w.Code == StudyErrorCodes.CuedDetection);
        Assert.Equal($"$.pages[{pages.IndexOf(agePage)}].questions[0]", warning.Path);
        Assert.Contains("mean-imputed-age", warning.Message);
        Assert.Contains("warning STUDY028", StudyValidationReport.ToText([result]));
        Assert.Contains("\"warnings\":[{\"code\":\"STUDY028\"", StudyValidationReport.ToJson([result]));

        // A free-text "issues you noticed" page before it makes the same question uncued.
        pages.Insert(pages.IndexOf(agePage), JsonNode.Parse("""{ "id": "issues", "kind": "free-text", "title": "Issues", "questions": [{ "id": "issues-noticed", "kind": "text", "prompt": "Which issues did you notice?", "max_length": 4000 }] }"""));
        Assert.DoesNotContain(StudyTestFiles.Validate(node).Warnings, w => w.Code == StudyErrorCodes.CuedDetection);
    }

    [Fact]
    public void Kaur2020s_debrief_names_each_injected_defect_with_its_real_column_and_parameters()
    {
        var node = StudyTestFiles.Node("kaur2020.json");
        var study = StudyDefinitionLoader.Load(StudyTestFiles.Path("kaur2020.json"));
        var debrief = DebriefText.Compose(study);
        Assert.DoesNotContain(DebriefText.Placeholder, debrief);
        Assert.StartsWith("Thank you for taking part.", debrief);
        foreach (var defect in node["data"]!["defects"]!.AsArray())
        {
            foreach (var (name, value) in defect!["params"]!.AsObject())
            {
                if (value is not JsonValue v) continue; // arrays (cuts) are checked below
                if (v.TryGetValue<string>(out var text))
                {
                    if (name is "mechanism" or "imputation") Assert.Contains(text is "mcar" ? "training rows" : text, debrief);
                    else Assert.Contains($"'{text}'", debrief);
                }
                else if (name == "rate") Assert.Contains((v.GetValue<double>() * 100).ToString(CultureInfo.InvariantCulture) + "%", debrief);
                else if (name != "offset") Assert.Contains(v.GetValue<double>().ToString(CultureInfo.InvariantCulture), debrief);
            }
            if (defect["params"]!["cuts"] is JsonArray cuts) Assert.Contains(string.Join(", ", cuts.Select(c => c!.GetValue<double>())), debrief);
        }
        // Kaur et al.'s issues as the paper states them: age imputed among the >50K rows, hours binned, Federal-gov respelled.
        Assert.Contains("10% of the training rows with income >50K had 'age' replaced by the single value 38", debrief);
        Assert.Contains("'hours-per-week' was replaced by ad-hoc bins cut at 30, 60, 90", debrief);
        Assert.Contains("the category 'Federal-gov' of 'workclass' was split into 3 spellings", debrief);
    }
}
