using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class StudyValidatorTests
{
    [Fact]
    public void A_file_with_many_errors_reports_every_one_with_code_and_path()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["version"] = "1.0";
        s["models"]![0]!["hyperparameters"]!["depth"] = 3;
        s["data"]!["defects"]![0]!["name"] = "mean-imputed-salary";
        s["conditions"]!["cells"]![0]!["levels"]!["fidelity"] = "fake";
        s["pages"]![1]!["text"] = "Half of you are in the other fidelity group.";
        s["pages"]![2]!["questions"]![0]!["key"] = new JsonObject { ["derived"] = "shown-effect-rises" };
        s["pages"]![3]!.AsObject().Remove("instance");
        s["pages"]![4]!["questions"]![0]!["scale"]!["max"] = 20;
        s["pages"]![4]!["questions"]![1]!["colour"] = "red";
        s["enrolment"]!["mode"] = "prolific";
        s["debrief"]!["condition_texts"]!.AsObject().Remove("demo-real");

        var result = StudyTestFiles.Validate(s);

        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY011", "$.conditions.cells[0].levels.fidelity"),
                ("STUDY013", "$.conditions.cells"),
                ("STUDY010", "$.data.defects[0].name"),
                ("STUDY023", "$.debrief.condition_texts"),
                ("STUDY019", "$.enrolment.completion_url"),
                ("STUDY024", "$.models[0].hyperparameters.depth"),
                ("STUDY017", "$.pages[1].text"),
                ("STUDY015", "$.pages[2].questions[0].key.derived"),
                ("STUDY016", "$.pages[3].instance"),
                ("STUDY008", "$.pages[4].questions[0].scale.max"),
                ("STUDY004", "$.pages[4].questions[1].colour"),
                ("STUDY006", "$.version"),
            }.OrderBy(p => p.Item2, StringComparer.Ordinal).ThenBy(p => p.Item1, StringComparer.Ordinal),
            StudyTestFiles.CodesAndPaths(result));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Hint)));
    }

    [Fact]
    public void Errors_carry_the_line_and_column_of_the_offending_value()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["pages"]![4]!["questions"]![0]!["scale"]!["max"] = 20;
        s["pages"]![4]!["questions"]![1]!["colour"] = "red";
        var text = StudyTestFiles.Indented(s);
        var lines = text.Split('\n');

        var result = StudyValidator.Validate(text, "t.json");

        (int Line, int Column) Find(string needle)
        {
            var line = Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
            return (line + 1, lines[line].IndexOf(needle, StringComparison.Ordinal) + 1);
        }
        var max = result.Errors.Single(e => e.Code == "STUDY008");
        Assert.Equal(Find("\"max\": 20"), (max.Line!.Value, max.Column!.Value));
        var colour = result.Errors.Single(e => e.Code == "STUDY004");
        Assert.Equal(Find("\"colour\""), (colour.Line!.Value, colour.Column!.Value));
    }

    [Fact]
    public void Syntax_errors_give_line_and_column()
    {
        const string text = "{\n  \"id\": \"x\",\n  \"title\": \"t\"\n  \"version\": \"1.0.0\"\n}";
        var error = Assert.Single(StudyValidator.Validate(text).Errors);
        Assert.Equal("STUDY001", error.Code);
        Assert.Equal(4, error.Line);
        Assert.Equal(3, error.Column);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void Loader_throws_with_every_error_and_reports_unreadable_files()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["version"] = "one";
        s["assignment"]!["block_size"] = 3;
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"misuselab-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, StudyTestFiles.Indented(s));
        try
        {
            var e = Assert.Throws<StudyValidationException>(() => StudyDefinitionLoader.Load(path));
            Assert.Equal(["STUDY006", "STUDY018"], e.Errors.Select(x => x.Code).Order());
            Assert.Contains("$.assignment.block_size", e.Message);
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Equal("STUDY001", Assert.Single(StudyDefinitionLoader.Validate("/nonexistent/study.json").Errors).Code);
    }

    [Fact]
    public void Types_missing_properties_and_duplicates_are_reported()
    {
        var s = StudyTestFiles.Node("demo.json");
        s.Remove("title");
        s["data"]!["seed"] = "seven";
        s["pages"]![2]!["questions"]![0]!["options"] = new JsonArray("age", "age");
        s["background"] = new JsonArray(new JsonObject { ["id"] = "top-feature", ["kind"] = "yes-no", ["prompt"] = "Ever trained a model?" });
        s["models"]!.AsArray().Add(new JsonObject { ["id"] = "gbdt", ["kind"] = "gbdt" });

        Assert.Equal(
            new (string, string)[]
            {
                // The replaced background form no longer holds the demo plan's covariates.
                ("STUDY011", "$.analysis.covariates[0]"),
                ("STUDY011", "$.analysis.covariates[1]"),
                ("STUDY003", "$.data.seed"),
                ("STUDY009", "$.models[1].id"),
                ("STUDY009", "$.pages[2].questions[0].id"),
                ("STUDY009", "$.pages[2].questions[0].options[1]"),
                ("STUDY002", "$.title"),
            },
            StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));

        var text = StudyTestFiles.Text("demo.json").Replace("\"title\": \"MisuseLab demo\",", "\"title\": \"MisuseLab demo\", \"title\": \"again\",");
        Assert.Contains(StudyValidator.Validate(text).Errors, e => e.Code == "STUDY005" && e.Path == "$.title");
    }

    [Fact]
    public void Page_rules_are_enforced()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["explainers"]!.AsArray().Add(new JsonObject { ["id"] = "pfi", ["kind"] = "pfi", ["model"] = "gbdt" });
        s["conditions"]!["cells"]![0]!["explainer"] = "pfi";
        s["pages"]![4]!["questions"]!.AsArray().Add(new JsonObject { ["id"] = "sim", ["kind"] = "forward-simulation", ["prompt"] = "Which?" });
        s["pages"]![0]!["questions"] = new JsonArray(new JsonObject { ["id"] = "ok", ["kind"] = "yes-no", ["prompt"] = "OK?" });
        s["pages"]![1]!["feature"] = "age";
        var pages = s["pages"]!.AsArray();
        var debrief = pages[^1]!;
        pages.RemoveAt(pages.Count - 1);
        pages.Insert(1, debrief);

        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY021", "$.pages[0].questions"),
                ("STUDY016", "$.pages[2].feature"),
                ("STUDY012", "$.pages[4].kind"),
                ("STUDY022", "$.pages[5].kind"),
                ("STUDY021", "$.pages[5].questions[2].kind"),
            },
            StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));
    }

    [Fact]
    public void Explainers_must_fit_their_model_and_cells_must_name_one_when_they_transform_an_explanation()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["explainers"]![0]!["kind"] = "terms";
        s["conditions"]!["cells"]![1]!.AsObject().Remove("explainer");
        s["conditions"]!["cells"]!.AsArray().Add(JsonNode.Parse("""{ "id": "extra", "levels": { "fidelity": "real" }, "model": "gbdt", "explainer": "shap", "manipulation": "real" }"""));
        s["debrief"]!["condition_texts"]!["extra"] = "Extra.";

        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY018", "$.assignment.block_size"),
                ("STUDY013", "$.conditions.cells[2].levels"),
                ("STUDY012", "$.conditions.cells[1].explainer"),
                ("STUDY012", "$.explainers[0].kind"),
            }.OrderBy(p => p.Item2, StringComparer.Ordinal),
            StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));
    }

    [Fact]
    public void Only_the_debrief_may_name_a_deceptive_condition_and_ordinary_words_stay_allowed()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["pages"]![1]!["text"] = "These are real data from the US census; the SHAP tool explains the model.";
        s["debrief"]!["text"] = "Half of you saw inverted explanations (the fidelity factor).";
        Assert.True(StudyTestFiles.Validate(s).IsValid);

        s["consent"]!["text"] = "Some explanations are Inverted.";
        s["pages"]![2]!["questions"]![0]!["options"]![0] = "demo-inverted";
        s["pages"]![4]!["questions"]![0]!["scale"]!["anchors"]!["7"] = "fidelity";
        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY017", "$.consent.text"),
                ("STUDY017", "$.pages[2].questions[0].options[0]"),
                ("STUDY017", "$.pages[4].questions[0].scale.anchors['7']"),
            },
            StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));
    }

    private sealed class StrictCatalog : IDefectCatalog
    {
        public IReadOnlyCollection<string> Names => ["mean-imputed-age"];

        public IReadOnlyList<DefectParameterProblem> CheckParameters(string name, System.Text.Json.JsonElement parameters) =>
            parameters.GetProperty("rate").GetDouble() > 0.5 ? [new(".rate", "Expected a rate ≤ 0.5.", "Lower the rate.")] : [];
    }

    [Fact]
    public void A_defect_catalog_can_reject_parameters_at_their_path()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["data"]!["defects"]![0]!["params"]!["rate"] = 0.9;
        var error = Assert.Single(StudyTestFiles.Validate(s, new StrictCatalog()).Errors);
        Assert.Equal(("STUDY025", "$.data.defects[0].params.rate"), (error.Code, error.Path));
        Assert.True(StudyTestFiles.Validate(StudyTestFiles.Node("demo.json"), new StrictCatalog()).IsValid);
    }
}
