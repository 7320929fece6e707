using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Commands;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class StudiesCheckCommandTests
{
    private static CliResult Run(params string[] args) => CliHarness.RunWith([StudiesCommand.Create()], args);

    private static string Demo => Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found"), "demo.json");

    [Fact]
    public void Check_reports_each_cells_strength_keys_and_sanity_verdict()
    {
        var root = CliHarness.Json(Run("studies", "check", Demo, "--json"));
        Assert.True(root.GetProperty("ok").GetBoolean());
        var options = JsonNode.Parse(File.ReadAllText(Demo))!["pages"]!.AsArray()
            .SelectMany(p => p!["questions"]?.AsArray() ?? [])
            .ToDictionary(q => (string)q!["id"]!, q => q!["options"]?.AsArray().Select(o => (string)o!).ToList());
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["demo-real", "demo-inverted"], cells.Select(c => c.GetProperty("cell").GetString()));
        foreach (var cell in cells)
        {
            var strength = cell.GetProperty("strength");
            var tau = strength.GetProperty("global_tau").GetDouble();
            if (cell.GetProperty("manipulation").GetString() == "inverted")
            {
                Assert.True(tau <= -0.9, $"τ = {tau}");
                Assert.Equal(-0.9, strength.GetProperty("required_max_tau").GetDouble());
                Assert.Contains("global-order", strength.GetProperty("broken").EnumerateArray().Select(b => b.GetString()));
            }
            else Assert.Equal(1.0, tau);
            Assert.True(strength.GetProperty("global_local_gap").GetDouble() <= 1e-9);
            var key = Assert.Single(cell.GetProperty("keys").EnumerateArray());
            Assert.Equal("top-feature", key.GetProperty("question").GetString());
            Assert.Contains(key.GetProperty("key").GetString(), options["top-feature"]!);
            Assert.Contains(cell.GetProperty("sanity").GetProperty("verdict").GetString(), new[] { "pass", "fail" });
        }
        // The two cells show different top features: one mapping reversed the order.
        Assert.NotEqual(cells[0].GetProperty("keys")[0].GetProperty("key").GetString(), cells[1].GetProperty("keys")[0].GetProperty("key").GetString());
        var sanity = root.GetProperty("sanity");
        Assert.True(sanity.GetProperty("seeds").GetArrayLength() >= 5);
        Assert.Equal("shap", Assert.Single(sanity.GetProperty("explainers").EnumerateArray()).GetProperty("explainer").GetString());
    }

    [Fact]
    public void A_study_whose_derived_key_is_not_offered_fails_with_the_cell_and_json_path()
    {
        var node = JsonNode.Parse(File.ReadAllText(Demo))!;
        var pages = node["pages"]!.AsArray();
        var global = pages.First(p => (string?)p!["kind"] == "global")!;
        // Two middling features: neither is the top in the real cell.
        global["questions"]![0]!["options"] = new JsonArray("fnlwgt", "education-num");
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-check-").FullName, "demo.json");
        File.WriteAllText(file, node.ToJsonString());

        var result = Run("studies", "check", file, "--json");
        Assert.Equal(1, result.ExitCode);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean());
        var path = $"$.pages[{pages.IndexOf(global)}].questions[0].key";
        var errors = root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("code").GetString() == StudyErrorCodes.KeyNotAmongOptions
            && e.GetProperty("path").GetString() == path && e.GetProperty("message").GetString()!.Contains("'demo-real'"));
    }
}
