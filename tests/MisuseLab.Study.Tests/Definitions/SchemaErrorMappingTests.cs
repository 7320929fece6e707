using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary>
/// Each schema rule, broken alone in the demo study, must come back as exactly the error the hand-written
/// validator gave (code and path), with a message that names what was found — and nothing cascading from it.
/// </summary>
public sealed class SchemaErrorMappingTests
{
    private static JsonNode N(string json) => JsonNode.Parse(json)!;

    public static TheoryData<string, string, string> Cases() => new()
    {
        // edit (applied to demo.json below), expected code, expected path
        { "fractional-tree-count", "STUDY008", "$.models[0].hyperparameters.trees" },
        { "negative-parameter", "STUDY008", "$.explainers[0].parameters.max_rows" },
        { "terms-takes-no-parameters", "STUDY024", "$.explainers[1].parameters.repeats" },
        { "http-completion-url", "STUDY019", "$.enrolment.completion_url" },
        { "blank-title", "STUDY020", "$.title" },
        { "empty-description", "STUDY020", "$.description" },
        { "catch-with-derived-key", "STUDY015", "$.background[0].key.derived" },
        { "yes-no-key-maybe", "STUDY015", "$.background[0].key" },
        { "unknown-derived-key", "STUDY007", "$.pages[2].questions[0].key.derived" },
        { "key-not-an-option", "STUDY015", "$.pages[2].questions[0].key" },
        { "key-a-number", "STUDY003", "$.pages[2].questions[0].key" },
        { "anchor-not-a-point", "STUDY014", "$.pages[4].questions[0].scale.anchors.x" },
        { "text-question-with-options", "STUDY016", "$.background[0].options" },
        { "likert-without-scale", "STUDY002", "$.background[0].scale" },
        { "scale-starting-at-2", "STUDY008", "$.pages[4].questions[0].scale.min" },
        { "unknown-feature", "STUDY011", "$.pages[1].feature" },
        { "effect-page-without-feature", "STUDY016", "$.pages[1].feature" },
        { "feature-on-overview", "STUDY016", "$.pages[1].feature" },
        { "unknown-instance", "STUDY007", "$.pages[3].instance" },
        { "forward-simulation-page-without-trial", "STUDY021", "$.pages[1].questions" },
        { "zero-weight", "STUDY008", "$.conditions.cells[0].weight" },
        { "bad-slug", "STUDY006", "$.conditions.factors[0].levels[1]" },
        { "unknown-root-property", "STUDY004", "$.colour" },
        { "page-not-an-object", "STUDY003", "$.pages[1]" },
    };

    private static void Edit(string name, JsonObject s)
    {
        var q0 = s["pages"]![2]!["questions"]![0]!;
        switch (name)
        {
            case "fractional-tree-count": s["models"]![0]!["hyperparameters"]!["trees"] = 2.5; break;
            case "negative-parameter": s["explainers"]![0]!["parameters"] = N("""{ "max_rows": -1 }"""); break;
            case "terms-takes-no-parameters":
                s["models"]!.AsArray().Add(N("""{ "id": "ebm", "kind": "ebm" }"""));
                s["explainers"]!.AsArray().Add(N("""{ "id": "terms", "kind": "terms", "model": "ebm", "parameters": { "repeats": 2 } }"""));
                break;
            case "http-completion-url": s["enrolment"]!["completion_url"] = "http://example.org/done"; break;
            case "blank-title": s["title"] = "   "; break;
            case "empty-description": s["description"] = ""; break;
            case "catch-with-derived-key": s["background"] = N("""[{ "id": "attend", "kind": "catch", "prompt": "Pick b.", "options": ["a", "b"], "key": { "derived": "shown-top-feature" } }]"""); break;
            case "yes-no-key-maybe": s["background"] = N("""[{ "id": "ever", "kind": "yes-no", "prompt": "Ever?", "key": "maybe" }]"""); break;
            case "unknown-derived-key": q0["key"] = N("""{ "derived": "shown-bottom-feature" }"""); break;
            case "key-not-an-option": q0["key"] = "salary"; break;
            case "key-a-number": q0["key"] = 5; break;
            case "anchor-not-a-point": s["pages"]![4]!["questions"]![0]!["scale"]!["anchors"]!["x"] = "Middle"; break;
            case "text-question-with-options": s["background"] = N("""[{ "id": "why", "kind": "text", "prompt": "Why?", "max_length": 100, "options": ["a", "b"] }]"""); break;
            case "likert-without-scale": s["background"] = N("""[{ "id": "like", "kind": "likert", "prompt": "Like it?" }]"""); break;
            case "scale-starting-at-2": s["pages"]![4]!["questions"]![0]!["scale"]!["min"] = 2; break;
            case "unknown-feature": s["pages"]![1]!["kind"] = "effect"; s["pages"]![1]!["feature"] = "salary"; break;
            case "effect-page-without-feature": s["pages"]![1]!["kind"] = "effect"; break;
            case "feature-on-overview": s["pages"]![1]!["feature"] = "age"; break;
            case "unknown-instance": s["pages"]![3]!["instance"] = "someone"; break;
            case "forward-simulation-page-without-trial": s["pages"]![1]!["kind"] = "forward-simulation"; break;
            case "zero-weight": s["conditions"]!["cells"]![0]!["weight"] = 0; break;
            case "bad-slug":
                s["conditions"]!["factors"]![0]!["levels"]![1] = "Inverted";
                s["conditions"]!["cells"]![1]!["levels"]!["fidelity"] = "Inverted";
                break;
            case "unknown-root-property": s["colour"] = "red"; break;
            case "page-not-an-object": s["pages"]![1] = "overview"; break;
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_broken_rule_gives_one_error_with_the_old_code_and_path(string edit, string code, string path)
    {
        var s = StudyTestFiles.Node("demo.json");
        Edit(edit, s);

        var result = StudyTestFiles.Validate(s);

        Assert.Equal([(code, path)], StudyTestFiles.CodesAndPaths(result));
        var error = result.Errors[0];
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        Assert.NotNull(error.Line);
        // JsonSchema.Net's own wording ("Value should match one of the values specified by the enum") never reaches users.
        Assert.DoesNotContain("should", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Messages_name_what_was_expected_and_what_was_found()
    {
        string Message(string edit)
        {
            var s = StudyTestFiles.Node("demo.json");
            Edit(edit, s);
            return Assert.Single(StudyTestFiles.Validate(s).Errors).Message;
        }

        Assert.Equal("Expected 'trees' to be a whole number ≥ 0; found 2.5.", Message("fractional-tree-count"));
        Assert.Equal("Unknown parameter 'repeats' for kind 'terms'.", Message("terms-takes-no-parameters"));
        Assert.Equal("Expected 'instance' to be one of correct-positive, correct-negative, false-positive, false-negative, misclassified, random; found 'someone'.", Message("unknown-instance"));
        Assert.Equal("Expected 'key' to be a string or an object; found the number 5.", Message("key-a-number"));
        Assert.Equal("A text question does not take 'options'.", Message("text-question-with-options"));
        Assert.Equal("Expected the key of a yes-no question to be \"yes\" or \"no\"; found 'maybe'.", Message("yes-no-key-maybe"));
        Assert.Equal("Unknown property 'colour'.", Message("unknown-root-property"));
        Assert.Equal("Only effect pages take a feature; this is an overview page.", Message("feature-on-overview"));
        Assert.Equal("The derived key 'shown-top-feature' does not fit a catch question.", Message("catch-with-derived-key"));
        Assert.Equal("Expected non-empty text for 'title'; found only white space.", Message("blank-title"));
    }

    [Fact]
    public void A_whole_number_written_with_a_decimal_point_is_valid_and_read_as_that_number()
    {
        var text = StudyTestFiles.Text("demo.json").Replace("\"seed\": 7,", "\"seed\": 7.0,").Replace("\"block_size\": 2,", "\"block_size\": 2.0,");
        var result = StudyValidator.Validate(text);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal((7, 2), (result.Definition!.Data.Seed, result.Definition.Assignment.BlockSize));
    }

    [Fact]
    public void Anchors_outside_the_scale_and_unlabelled_ends_are_reported()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["pages"]![4]!["questions"]![0]!["scale"]!["anchors"] = N("""{ "1": "Low", "9": "High" }""");

        Assert.Equal(
            new (string, string)[] { ("STUDY014", "$.pages[4].questions[0].scale.anchors"), ("STUDY014", "$.pages[4].questions[0].scale.anchors['9']") },
            StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));
    }

    [Fact]
    public void Duplicates_inside_nested_objects_and_a_root_that_is_no_object_are_reported()
    {
        var text = StudyTestFiles.Text("demo.json").Replace("\"mode\": \"open\"", "\"mode\": \"open\", \"mode\": \"invite\"");
        var duplicate = Assert.Single(StudyValidator.Validate(text).Errors);
        Assert.Equal(("STUDY005", "$.enrolment.mode"), (duplicate.Code, duplicate.Path));

        var root = Assert.Single(StudyValidator.Validate("[]").Errors);
        Assert.Equal(("STUDY003", "$"), (root.Code, root.Path));
    }
}
