using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Tests.Pipeline;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>multi-select, number, nasa-tlx and shown-rank-N keys as a study file writes them: read, and checked.</summary>
public sealed class NewQuestionKindsTests
{
    private static StudyValidationResult WithQuestions(params string[] questions)
    {
        var study = JsonNode.Parse(File.ReadAllText(BuiltStudies.StudyFile("kaur2020.json")))!;
        var pages = study["pages"]!.AsArray();
        var ratings = pages.First(p => p!["kind"]!.GetValue<string>() == "ratings")!;
        foreach (var q in questions) ratings["questions"]!.AsArray().Add(JsonNode.Parse(q));
        return StudyValidator.Validate(study.ToJsonString(), "edited.json");
    }

    [Fact]
    public void The_three_kinds_and_a_rank_key_are_read_with_their_fields()
    {
        var result = WithQuestions(
            """{"id": "used", "kind": "multi-select", "prompt": "Which did you use?", "options": ["Global", "Age plot", "Local"]}""",
            """{"id": "years", "kind": "number", "prompt": "Years?", "min": 0, "max": 50, "integer": true, "unit": "years"}""",
            """{"id": "tlx", "kind": "nasa-tlx", "prompt": "The task", "scale": {"min": 1, "max": 7, "anchors": {"1": "Very low", "7": "Very high"}}}""");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var q = result.Definition!.AllQuestions.ToDictionary(x => x.Id);
        Assert.Equal(QuestionKind.MultiSelect, q["used"].Kind);
        Assert.Equal(["Global", "Age plot", "Local"], q["used"].Options);
        Assert.Equal(new NumberRange(0, 50, true, "years"), q["years"].Range);
        Assert.Equal(QuestionKind.NasaTlx, q["tlx"].Kind);
        Assert.Equal(7, q["tlx"].Scale!.Max);
        Assert.Equal("nasa-tlx", AnswerItem.ItemsOf([q["tlx"]])[0].Type);
    }

    [Theory]
    [InlineData("""{"id": "n", "kind": "number", "prompt": "N?", "min": 5, "max": 5}""", "STUDY008", ".max")]
    [InlineData("""{"id": "n", "kind": "number", "prompt": "N?", "min": 0.5, "max": 5, "integer": true}""", "STUDY008", ".min")]
    [InlineData("""{"id": "n", "kind": "number", "prompt": "N?", "min": 0}""", "STUDY002", "")]
    [InlineData("""{"id": "m", "kind": "multi-select", "prompt": "M?", "options": ["a", "b"], "key": "a"}""", "STUDY004", ".key")]
    [InlineData("""{"id": "t", "kind": "nasa-tlx", "prompt": "T"}""", "STUDY002", "")]
    [InlineData("""{"id": "r", "kind": "choice", "prompt": "R?", "options": ["age", "sex"], "key": {"derived": "shown-rank-0"}}""", "", ".key")]
    public void Bad_declarations_are_errors_at_their_path(string question, string code, string pathEnd)
    {
        var result = WithQuestions(question);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        if (code.Length > 0) Assert.Equal(code, error.Code);
        Assert.StartsWith("$.pages[", error.Path);
        Assert.Contains(".questions[", error.Path);
        Assert.Contains(pathEnd, error.Path);
    }

    [Fact]
    public void Shown_rank_n_keys_the_nth_feature_of_the_shown_global_view()
    {
        Assert.True(StudyVocabulary.TryDerivedKey("shown-rank-3", out var key));
        Assert.Equal(AnswerKey.ShownRank(3), key);
        Assert.False(StudyVocabulary.TryDerivedKey("shown-rank-0", out _));
        Assert.False(StudyVocabulary.TryDerivedKey("shown-rank-x", out _));
        var q = new QuestionDefinition("r", QuestionKind.Choice, "3rd?", true, null, ["a", "b", "c", "d"], key, null, null, false);
        var shown = new GlobalPayload("treeshap", Measure.MeanAbsShap, [new("a", 4, 4, 4), new("b", 3, 3, 3), new("c", 2, 2, 2), new("d", 1, 1, 1)]);
        Assert.Equal("c", AnswerKeyResolver.Resolve(q, shown));
        Assert.Null(AnswerKeyResolver.Resolve(q with { Key = AnswerKey.ShownRank(5) }, shown));
    }
}
