using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.TestSupport;

/// <summary>
/// studies/kaur2020-utility.json cut to its two SHAP cells (real explanations, none) on a 5-tree GBDT with a smaller
/// remedy menu, so its launch (which scores every combination of fixes) takes seconds instead of minutes. Shared by the
/// remedy bench test (Cli.Tests) and the task-page tests (Web.Tests).
/// </summary>
internal static class UtilityStudyCut
{
    public static JsonObject Json(string slug, params string[] remedies)
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "kaur2020-utility.json")))!.AsObject();
        s["id"] = slug;
        var gbdt = s["models"]!.AsArray().Single(m => (string)m!["id"]! == "gbdt")!.DeepClone();
        gbdt["hyperparameters"]!["trees"] = 5;
        s["models"] = new JsonArray(gbdt);
        s["explainers"] = new JsonArray([.. s["explainers"]!.AsArray().Where(e => (string)e!["model"]! == "gbdt").Select(e => e!.DeepClone())]);
        s["conditions"]!["factors"] = JsonNode.Parse("""[{"name": "tool", "levels": ["shap"]}, {"name": "fidelity", "levels": ["real", "none"]}]""");
        s["conditions"]!["cells"] = new JsonArray([.. s["conditions"]!["cells"]!.AsArray().Where(c => (string)c!["id"]! is "shap-real" or "shap-none").Select(c => c!.DeepClone())]);
        s["assignment"]!["block_size"] = 2;
        s["debrief"]!["condition_texts"] = JsonNode.Parse("""{"shap-real": "Real SHAP explanations.", "shap-none": "No explanation."}""");
        s["remedies"] = new JsonArray([.. s["remedies"]!.AsArray().Where(r => remedies.Contains((string)r!["id"]!)).Select(r => r!.DeepClone())]);
        return s;
    }
}
