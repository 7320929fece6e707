using System.Text.Json.Nodes;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Tests.Export;

/// <summary>
/// codebook.csv rows for the question kinds kaur2020 2.0 asks: multi-select (options and the stored JSON array),
/// number (range, unit), the six NASA-TLX subscale rows with their own anchors and the Raw TLX score after them, and
/// the shown-rank-N key. Expected values are read from the study file's JSON, not from the definition the code uses.
/// </summary>
public sealed class CodebookKindsTests
{
    private static readonly string File = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020.json");

    private static (Dictionary<(string File, string Item, string Type), string?[]> Rows, List<string?[]> Ordered) Codebook()
    {
        var json = System.IO.File.ReadAllText(File);
        var definition = StudyDefinitionLoader.Load(File);
        var start = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        var version = new StudyVersionRecord(1, 1, "kaur2020", definition.Version, StudyHash.Compute(json), json, StudyStatus.Open, start, start);
        var data = new StudyDataset(version, definition, definition.Background, AnswerItem.ItemsOf(definition), [], [], [], [], false);
        var rows = MisuseLab.Analysis.Export.Codebook.Rows(data, ExportLayout.For(data)).ToList();
        return (rows.Where(r => r[2] is { Length: > 0 }).ToDictionary(r => (r[0]!, r[2]!, r[4]!)), rows);
    }

    private static JsonObject Question(string id)
    {
        var root = JsonNode.Parse(System.IO.File.ReadAllText(File))!;
        return root["background"]!.AsArray().Concat(root["pages"]!.AsArray().SelectMany(p => p!["questions"]?.AsArray() ?? new JsonArray()))
            .Single(q => (string?)q!["id"] == id)!.AsObject();
    }

    [Fact]
    public void Multi_select_rows_list_every_option_and_say_the_value_is_a_json_array_of_texts()
    {
        var (rows, _) = Codebook();
        foreach (var id in new[] { "global-visualizations", "end-capabilities" })
        {
            var row = rows[("responses.csv", id, "multi-select")];
            Assert.Equal(string.Join(" | ", Question(id)["options"]!.AsArray().Select(o => (string)o!)), row[8]);
            Assert.Contains("JSON array", row[10]);
        }
        Assert.Equal(12, rows[("responses.csv", "end-capabilities", "multi-select")][8]!.Split(" | ").Length);
    }

    [Fact]
    public void Number_rows_give_the_range_whole_numbers_and_unit()
    {
        var (rows, _) = Codebook();
        foreach (var id in new[] { "bg-role-years", "bg-hours-gam-shap" })
        {
            var q = Question(id);
            var row = rows[("participants.csv", id, "number")];
            Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(double)q["min"]!}-{(double)q["max"]!}"), row[6]);
            Assert.Contains("in " + (string)q["unit"]!, row[10]);
            Assert.Equal(q["integer"] is not null, row[10]!.Contains("whole", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_nasa_tlx_question_is_six_subscale_rows_with_their_own_anchors_then_its_raw_tlx_score()
    {
        var (rows, ordered) = Codebook();
        string[] subscales = ["mental", "physical", "temporal", "performance", "effort", "frustration"];
        var at = ordered.FindIndex(r => r[2] == "end-tlx:mental");
        Assert.Equal([.. subscales.Select(d => "end-tlx:" + d), "end-tlx"], ordered.Skip(at).Take(7).Select(r => r[2]));
        foreach (var d in subscales)
        {
            var row = rows[("responses.csv", "end-tlx:" + d, "nasa-tlx")];
            Assert.Equal("1-7", row[6]);
            // Performance runs from Perfect to Failure on the original form, so a high rating is more load everywhere.
            Assert.Equal(d == "performance" ? "1=Perfect; 7=Failure" : "1=Very low; 7=Very high", row[7]);
        }
        var score = rows[("responses.csv", "end-tlx", "nasa-tlx score")];
        Assert.Equal("workload", score[3]);
        Assert.All(subscales, d => Assert.Contains("end-tlx:" + d, score[10]));
        Assert.Contains("mean", score[10]);
    }

    [Fact]
    public void A_shown_rank_key_names_its_rank()
    {
        var (rows, _) = Codebook();
        Assert.Equal("{\"derived\":\"shown-rank-3\"}", Question("global-mc")["key"]!.ToJsonString());
        Assert.StartsWith("derived: shown-rank-3 (feature number 3 ", rows[("responses.csv", "global-mc", "choice")][9]);
    }
}
