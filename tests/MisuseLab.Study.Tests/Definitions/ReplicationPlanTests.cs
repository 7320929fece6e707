using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

/// <summary><c>analysis.replication</c> (STUDY039) and the identical-or-gibberish open-answer exclusion (STUDY040).</summary>
public sealed class ReplicationPlanTests
{
    /// <summary>demo.json crossed with tool, a text question and an average, so a whole Table 2 can be declared.</summary>
    private static JsonObject TwoByTwo()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["conditions"] = JsonNode.Parse("""
            {
              "factors": [ { "name": "tool", "levels": ["gam", "shap"] }, { "name": "fidelity", "levels": ["real", "inverted"] } ],
              "cells": [
                { "id": "gam-real", "levels": { "tool": "gam", "fidelity": "real" }, "model": "gbdt", "explainer": "shap", "manipulation": "real" },
                { "id": "gam-inverted", "levels": { "tool": "gam", "fidelity": "inverted" }, "model": "gbdt", "explainer": "shap", "manipulation": "inverted" },
                { "id": "shap-real", "levels": { "tool": "shap", "fidelity": "real" }, "model": "gbdt", "explainer": "shap", "manipulation": "real" },
                { "id": "shap-inverted", "levels": { "tool": "shap", "fidelity": "inverted" }, "model": "gbdt", "explainer": "shap", "manipulation": "inverted" }
              ]
            }
            """);
        s["assignment"]!["block_size"] = 4;
        s["debrief"]!["condition_texts"] = new JsonObject { ["gam-real"] = "Real.", ["gam-inverted"] = "Inverted.", ["shap-real"] = "Real.", ["shap-inverted"] = "Inverted." };
        s["pages"]!.AsArray()[4]!["questions"]!.AsArray().Add(JsonNode.Parse("""{ "id": "end-why", "kind": "text", "prompt": "Why?", "max_length": 500, "required": false }"""));
        s["analysis"]!["factors"] = new JsonArray("tool", "fidelity");
        s["analysis"]!["averages"] = JsonNode.Parse("""[ { "id": "avg-reasonable", "items": ["rate-model-reasonable", "rate-explanations-reasonable"] } ]""");
        s["analysis"]!["replication"] = JsonNode.Parse("""
            {
              "paper": "kaur2020-table2",
              "cells": { "gn": "gam-real", "gm": "gam-inverted", "sn": "shap-real", "sm": "shap-inverted" },
              "rows": { "accuracy": ["top-feature"], "explanations_reasonable": "avg-reasonable", "model_reasonable": "rate-model-reasonable",
                        "suspicious_data_model": "suspicious-data", "suspicious_tool": "suspicious-tool" }
            }
            """);
        s["analysis"]!["exclusions"]!["identical_or_gibberish_open_answers"] = true;
        s.Remove("power");
        return s;
    }

    [Fact]
    public void A_whole_declaration_reads_into_the_plan()
    {
        var result = StudyTestFiles.Validate(TwoByTwo());
        Assert.Empty(result.Errors);
        var plan = result.Definition!.Analysis!;
        var r = plan.Replication!;
        Assert.Equal(ReplicationPlan.Kaur2020Table2, r.Paper);
        Assert.Equal(["gam-real", "gam-inverted", "shap-real", "shap-inverted"], r.Cells.All);
        Assert.Equal(["top-feature"], r.Rows.Accuracy);
        Assert.Equal([("explanations_reasonable", "avg-reasonable"), ("model_reasonable", "rate-model-reasonable")], r.Rows.Ratings);
        Assert.Null(r.Rows.Confidence);
        Assert.Equal("suspicious-tool", r.Rows.SuspiciousTool);
        Assert.True(plan.Exclusions.IdenticalOrGibberishOpenAnswers);
    }

    [Fact]
    public void Every_bad_reference_is_reported_at_its_path_with_what_was_found()
    {
        var s = TwoByTwo();
        var r = s["analysis"]!["replication"]!;
        r["cells"]!["sn"] = "shap-normal";
        r["cells"]!["sm"] = "gam-real";
        r["rows"]!["accuracy"] = new JsonArray("top-feature", "rate-model-reasonable", "no-such-question");
        r["rows"]!["confidence"] = "end-why";
        r["rows"]!["deploy"] = "no-such-rating";

        var result = StudyTestFiles.Validate(s);

        Assert.Equal(
            new (string, string)[]
            {
                ("STUDY039", "$.analysis.replication.cells.sm"),
                ("STUDY039", "$.analysis.replication.cells.sn"),
                ("STUDY039", "$.analysis.replication.rows.accuracy[1]"),
                ("STUDY039", "$.analysis.replication.rows.accuracy[2]"),
                ("STUDY039", "$.analysis.replication.rows.confidence"),
                ("STUDY039", "$.analysis.replication.rows.deploy"),
            },
            StudyTestFiles.CodesAndPaths(result));
        var byPath = result.Errors.ToDictionary(e => e.Path);
        Assert.Contains("'shap-normal'", byPath["$.analysis.replication.cells.sn"].Message, StringComparison.Ordinal);
        Assert.Contains("already the paper's 'gn'", byPath["$.analysis.replication.cells.sm"].Message, StringComparison.Ordinal);
        Assert.Contains("which has no key", byPath["$.analysis.replication.rows.accuracy[1]"].Message, StringComparison.Ordinal);
        Assert.Contains("names no question", byPath["$.analysis.replication.rows.accuracy[2]"].Message, StringComparison.Ordinal);
        Assert.Contains("avg-reasonable", byPath["$.analysis.replication.rows.confidence"].Hint, StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Hint)));
    }

    [Fact]
    public void An_unknown_paper_or_row_is_a_schema_error()
    {
        var s = TwoByTwo();
        s["analysis"]!["replication"]!["paper"] = "kaur2020-table3";
        s["analysis"]!["replication"]!["rows"]!["speed"] = "rate-model-reasonable";
        var paths = StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)).Select(e => e.Path).ToList();
        Assert.Contains("$.analysis.replication.paper", paths);
        Assert.Contains("$.analysis.replication.rows.speed", paths);
    }

    [Fact]
    public void The_open_answer_exclusion_needs_an_open_question()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["analysis"]!["exclusions"]!["identical_or_gibberish_open_answers"] = true;
        Assert.Equal([("STUDY040", "$.analysis.exclusions.identical_or_gibberish_open_answers")], StudyTestFiles.CodesAndPaths(StudyTestFiles.Validate(s)));
    }
}
