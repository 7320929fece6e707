using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Reports;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>The analysis of a 2×2 study (kaur2020's definition, hand-made ratings; no models trained).</summary>
public sealed class StudyAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static StudyDataset Kaur2020(Func<int, string, int> rating, int perCell, Action<System.Text.Json.Nodes.JsonNode>? edit = null)
    {
        var path = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        edit?.Invoke(node);
        var json = node.ToJsonString();
        var definition = StudyValidator.Validate(json, "kaur2020.json").Definition!;
        var version = new StudyVersionRecord(1, 1, "kaur2020", definition.Version, StudyHash.Compute(json), json, StudyStatus.Open, Start, Start);
        var items = AnswerItem.ItemsOf(definition);
        var item = items.Single(i => i.ItemId == "global-model-reasonable");
        var people = new List<DatasetParticipant>();
        var rows = new List<DatasetResponse>();
        var id = 0;
        foreach (var cell in definition.Conditions.Cells)
        {
            for (var k = 0; k < perCell; k++)
            {
                var record = new ParticipantRecord(++id, 1, 1, null, $"P-{id:D10}", cell.Id, id, ParticipantStatus.Completed, EntryKind.Invite, null, 11, Start, Start.AddMinutes(20), null);
                var person = new DatasetParticipant(record, cell.Levels, new Dictionary<string, string>());
                people.Add(person);
                rows.Add(new DatasetResponse(person, item, rating(k, cell.Id).ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, null, Start, Start, 3, null));
            }
        }
        return new StudyDataset(version, definition, definition.Background, items, people, rows, [], [], false);
    }

    [Fact]
    public void A_2x2_design_reports_each_factors_main_effect_and_per_cell_descriptives_as_R_computes_them()
    {
        static int Rating(int k, string cell) => 1 + (k * 3 + (cell.StartsWith("gam", StringComparison.Ordinal) ? 2 : 0) + (cell.EndsWith("inverted", StringComparison.Ordinal) ? 1 : 0)) % 7;
        var data = Kaur2020(Rating, perCell: 6);

        var report = StudyAnalysis.Analyze(data).Ratings.Single(r => r.Item.ItemId == "global-model-reasonable");

        // Oracle: R 4.2, the same ratings in a data frame d (k = 0..5 per cell);
        // wilcox.test(d$y[d$tool == "gam"], d$y[d$tool == "shap"], exact = FALSE, correct = TRUE) → W = 78, p = 0.748387337506603;
        // the same by fidelity (real vs inverted) → W = 63, p = 0.620084870791236.
        Assert.Equal(["tool", "fidelity"], report.Comparisons.Select(c => c.Factor));
        var (tool, fidelity) = (report.Comparisons[0], report.Comparisons[1]);
        Assert.Equal((12, 12, 78.0), (tool.Test.N1, tool.Test.N2, tool.Test.U1));
        Assert.Equal(0.748387337506603, tool.Test.PValue, 1e-12);
        Assert.Equal((12, 12, 63.0), (fidelity.Test.N1, fidelity.Test.N2, fidelity.Test.U1));
        Assert.Equal(0.620084870791236, fidelity.Test.PValue, 1e-12);
        Assert.Equal((12, 12), (tool.A.N, tool.B.N));

        // Oracle: mean(y), sd(y), median(y), quantile(y, c(.25, .75), type = 7), t.test(y)$conf.int per cell.
        var expected = new (string Cell, double Mean, double Sd, double Median, double Q1, double Q3, double Lo, double Hi)[]
        {
            ("gam-real", 3.5, 1.87082869338697, 3.5, 2.25, 4.75, 1.53668569301968, 5.46331430698032),
            ("gam-inverted", 4.5, 1.87082869338697, 4.5, 3.25, 5.75, 2.53668569301968, 6.46331430698032),
            ("shap-real", 3.83333333333333, 2.31660671385254, 3.5, 2.25, 5.5, 1.40220368419416, 6.26446298247251),
            ("shap-inverted", 3.66666666666667, 2.16024689946929, 3.5, 2.25, 4.75, 1.3996265793888, 5.93370675394453),
        };
        Assert.Equal(expected.Select(e => e.Cell), report.ByCell.Select(d => d.Group));
        foreach (var (e, d) in expected.Zip(report.ByCell))
        {
            Assert.Equal(6, d.N);
            Assert.Equal(e.Mean, d.Mean, 1e-12);
            Assert.Equal(e.Sd, d.StandardDeviation, 1e-12);
            Assert.Equal((e.Median, e.Q1, e.Q3), (d.Median, d.Q1, d.Q3));
            Assert.Equal(e.Lo, d.MeanCiLower, 1e-12);
            Assert.Equal(e.Hi, d.MeanCiUpper, 1e-12);
        }
        Assert.Equal(expected.Select(e => Enumerable.Range(0, 6).Select(k => (double)Rating(k, e.Cell))), report.Values.Select(v => v.Values));
    }

    [Fact]
    public void Answering_the_injected_age_detects_mean_imputed_age_in_every_cell_whatever_the_chart_showed()
    {
        // kaur2020 2.0 asks no leading spike question (Kaur et al. did not); the question of 1.x is put back on its age page.
        var data = Kaur2020((k, cell) => 4, perCell: 6, edit: s => s["pages"]!.AsArray().Single(p => (string?)p!["id"] == "effect-age")!["questions"]!.AsArray().Add(
            System.Text.Json.Nodes.JsonNode.Parse("""{ "id": "comp-age-spike", "kind": "choice", "prompt": "At which age, if any, does the chart show an unusual spike?", "options": ["25", "38", "50", "65", "I see no spike"], "key": { "derived": "shown-effect-spike" } }""")));
        var spike = data.Items.Single(i => i.ItemId == "comp-age-spike");
        // Every second participant names 38, the age the defect injected; the others say they see no spike.
        var answers = data.Participants.Select((p, k) => new DatasetResponse(p, spike, k % 2 == 0 ? "38" : "I see no spike",
            null, null, null, Start, Start, 3, null)).ToList();

        var detection = StudyAnalysis.Analyze(data with { Responses = answers }).Defects
            .Single(d => d.Defect == "mean-imputed-age" && d.Evidence == "comp-age-spike");

        Assert.Equal(["gam-real", "gam-inverted", "shap-real", "shap-inverted"], detection.ByCell.Select(c => c.Group));
        Assert.All(detection.ByCell, c => Assert.Equal((3, 6), (c.Successes, c.Trials)));
        Assert.Contains("'38'", detection.Description);
    }

    [Fact]
    public void A_level_without_ratings_gives_a_note_instead_of_a_test()
    {
        var data = Kaur2020((k, cell) => 4 + k % 3, perCell: 3);
        var onlyReal = data with { Responses = [.. data.Responses.Where(r => r.Participant.Levels["fidelity"] == "real")] };

        var report = StudyAnalysis.Analyze(onlyReal).Ratings.Single(r => r.Item.ItemId == "global-model-reasonable");

        Assert.Empty(report.Comparisons);
        Assert.Contains(report.Notes, n => n.Contains("inverted", StringComparison.Ordinal));
        Assert.Equal([3, 0, 3, 0], report.ByCell.Select(d => d.N));
    }
}
