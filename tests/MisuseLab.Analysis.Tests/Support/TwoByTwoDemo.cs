using System.Text.Json.Nodes;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Tests.Support;

/// <summary>
/// demo.json turned into a 2×2 study: fidelity {real, inverted} crossed with tool {gam, shap}, every cell on demo's
/// GBDT and SHAP (the "tool" factor is a label the analysis crosses, not a second explainer), blocks of four. Cell ids
/// join the levels in the order the factors are given ("gam-real" with tool first, "real-gam" with fidelity first),
/// so seeds that name cells either way share one construction.
/// </summary>
internal static class TwoByTwoDemo
{
    public static JsonObject Json(string slug, bool toolFirst)
    {
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "demo.json")))!.AsObject();
        s["id"] = slug;
        var factors = new JsonArray();
        var cells = new JsonArray();
        var texts = new JsonObject();
        var tool = new JsonObject { ["name"] = "tool", ["levels"] = new JsonArray("gam", "shap") };
        var fidelity = new JsonObject { ["name"] = "fidelity", ["levels"] = new JsonArray("real", "inverted") };
        factors.Add(toolFirst ? tool : fidelity);
        factors.Add(toolFirst ? fidelity : tool);
        foreach (var first in toolFirst ? ["gam", "shap"] : new[] { "real", "inverted" })
        {
            foreach (var second in toolFirst ? ["real", "inverted"] : new[] { "gam", "shap" })
            {
                var (t, f) = toolFirst ? (first, second) : (second, first);
                var id = $"{first}-{second}";
                cells.Add(new JsonObject
                {
                    ["id"] = id,
                    ["levels"] = toolFirst ? new JsonObject { ["tool"] = t, ["fidelity"] = f } : new JsonObject { ["fidelity"] = f, ["tool"] = t },
                    ["model"] = "gbdt", ["explainer"] = "shap", ["manipulation"] = f,
                });
                texts[id] = f == "real" ? "Real." : "Inverted order.";
            }
        }
        s["conditions"] = new JsonObject { ["factors"] = factors, ["cells"] = cells };
        s["assignment"]!["block_size"] = 4;
        s["debrief"]!["condition_texts"] = texts;
        return s;
    }
}
