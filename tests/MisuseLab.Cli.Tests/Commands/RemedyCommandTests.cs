using MisuseLab.Cli.Commands;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class RemedyCommandTests
{
    private static string Utility => Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found"), "kaur2020-utility.json");

    [Fact]
    public void Remedy_prints_the_score_of_a_choice_with_its_gain_and_model_hash()
    {
        var root = CliHarness.Json(CliHarness.RunWith([RemedyCommand.Create()], "remedy", "--study", Utility, "--cell", "shap-real", "--choose", "restore-capital-gain", "--json"));

        Assert.Equal(["restore-capital-gain"], root.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        foreach (var field in new[] { "auc", "log_loss", "accuracy", "auc_gain" })
            Assert.True(double.IsFinite(root.GetProperty(field).GetDouble()), field);
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("model_sha256").GetString());
        // Undoing the binning of Adult's sharpest feature must show on the clean test set (studies/README.md: +0.0093).
        Assert.True(root.GetProperty("auc_gain").GetDouble() > 0.005, root.GetProperty("auc_gain").ToString());
    }

    [Fact]
    public void An_id_not_on_the_menu_is_an_error_naming_it_and_the_menu()
    {
        var result = CliHarness.RunWith([RemedyCommand.Create()], "remedy", "--study", Utility, "--cell", "shap-real", "--choose", "reweight", "--json");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'reweight'", result.Error);
        Assert.Contains("restore-capital-gain", result.Error);
    }
}
