using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class PowerPlanTests
{
    [Fact]
    public void The_demo_power_section_reads_with_its_focal_term()
    {
        var definition = StudyTestFiles.Validate(StudyTestFiles.Node("demo.json")).Definition!;
        var power = definition.Power!;
        Assert.Equal(2.5, power.OddsRatio);
        Assert.Equal(0.8, power.TargetPower);
        Assert.Equal(7, power.Baseline!.Count);
        Assert.Equal((200, 16), (power.Simulations, power.Seed));
        Assert.Equal("fidelity", PowerPlan.FocalTerm(definition.Analysis!));
    }

    [Fact]
    public void Defaults_apply_and_a_study_without_the_section_has_none()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["power"] = new JsonObject { ["odds_ratio"] = 0.5 };
        var power = StudyTestFiles.Validate(s).Definition!.Power!;
        Assert.Equal(new PowerPlan(0.5, PowerPlan.DefaultTargetPower, null, PowerPlan.DefaultSimulations, PowerPlan.DefaultSeed), power);
        s.Remove("power");
        Assert.Null(StudyTestFiles.Validate(s).Definition!.Power);
    }

    [Fact]
    public void Bad_power_declarations_are_reported_at_their_paths()
    {
        var s = StudyTestFiles.Node("demo.json");
        s["power"] = new JsonObject { ["odds_ratio"] = 1, ["baseline"] = new JsonArray(0.5, 0.5), ["colour"] = "red" };
        var errors = StudyTestFiles.Validate(s).Errors;
        Assert.Contains(errors, e => e.Path == "$.power.colour");
        Assert.Contains(errors, e => e.Path == "$.power.odds_ratio" && e.Message.Contains("≠ 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.power.baseline" && e.Message.Contains("Expected 7 category probabilities", StringComparison.Ordinal));

        var noAnalysis = StudyTestFiles.Node("demo.json");
        noAnalysis.Remove("analysis");
        Assert.Contains(StudyTestFiles.Validate(noAnalysis).Errors, e => e.Path == "$.power" && e.Code == StudyErrorCodes.NotAnalysable);

        var notRating = StudyTestFiles.Node("demo.json");
        notRating["analysis"]!["primary"] = new JsonArray("top-feature");
        Assert.Contains(StudyTestFiles.Validate(notRating).Errors, e => e.Path == "$.power" && e.Message.Contains("not a Likert question", StringComparison.Ordinal));
    }
}
