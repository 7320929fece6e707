using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Analysis.Tests.Declared;

/// <summary>
/// Task outcomes (<c>remedy.auc_gain</c>, <c>locate.recall</c>, <c>locate.precision</c>) of kaur2020-utility —
/// tool {gam, shap} × fidelity {real, inverted, none}, unbalanced — on stored answers made here by seed (no models
/// trained): the declared analysis's ANOVA matches R's <c>anova(lm(y ~ tool * fidelity))</c> computed from the exported
/// tasks.csv (factors recovered from the cell ids by R itself), and the exported analysis.R reproduces it too.
/// </summary>
public sealed class TaskOutcomeRTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Metrics = ["remedy.auc_gain", "locate.recall", "locate.precision"];
    private readonly ExportedR _r = new();
    private readonly string _studyFile = Path.Combine(Path.GetTempPath(), $"misuselab-task-outcomes-{Guid.NewGuid():N}.json");

    /// <summary>kaur2020-utility with precision declared as a second secondary outcome, and seeded answers in every cell.</summary>
    private StudyDataset Dataset(int seed)
    {
        var source = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020-utility.json");
        var node = JsonNode.Parse(File.ReadAllText(source))!;
        node["analysis"]!["secondary"]!.AsArray().Add("locate.precision");
        var json = node.ToJsonString();
        File.WriteAllText(_studyFile, json);
        var definition = StudyDefinitionLoader.Load(_studyFile);
        var version = new StudyVersionRecord(1, 1, "kaur2020-utility", definition.Version, StudyHash.Compute(json), json, StudyStatus.Open, Start, Start);
        var items = AnswerItem.ItemsOf(definition);
        var locate = items.Single(i => i.ItemId == "locate");
        var remedy = items.Single(i => i.ItemId == "remedy");
        var defects = definition.Data.Defects.Count;
        var random = new Random(seed);
        var people = new List<DatasetParticipant>();
        var rows = new List<DatasetResponse>();
        var id = 0;
        var cells = definition.Conditions.Cells;
        for (var c = 0; c < cells.Count; c++)
        {
            for (var k = 0; k < 5 + c * 3 % 4; k++)
            {
                id++;
                var record = new ParticipantRecord(id, 1, 1, null, $"P-{id:D10}", cells[c].Id, id, ParticipantStatus.Completed, EntryKind.Invite, null, 11, Start, Start.AddMinutes(20), null);
                var person = new DatasetParticipant(record, cells[c].Levels, new Dictionary<string, string>());
                people.Add(person);
                var located = Enumerable.Range(0, defects).Where(_ => random.NextDouble() < 0.2 + 0.1 * c).ToList();
                var marks = located.Count + random.Next(0, 3);
                var found = definition.Data.Defects.Select((d, i) => new LocatedDefect(d.Name, $"$.data.defects[{i}]", located.Contains(i))).ToList();
                var score = new LocateScore(found, marks, located.Count, marks == 0 ? null : (double)located.Count / marks, (double)located.Count / defects);
                var answer = new LocateAnswer([.. Enumerable.Range(0, marks).Select(_ => new LocateMark("age", "38"))], null);
                rows.Add(new DatasetResponse(person, locate, LocateAnswerJson.Write(answer, score), null, null, null, Start, Start, 30, null));
                var gain = 0.002 * c - 0.004 + 0.006 * (random.NextDouble() - 0.5);
                var fix = new RemedyScore(gain > 0 ? ["restore-capital-gain"] : [], 0.9 + gain, 0.3, 0.85, gain, 0, 0, 32561, new string('a', 64));
                rows.Add(new DatasetResponse(person, remedy, fix.ToJson(), null, null, null, Start, Start, 30, null));
            }
        }
        return new StudyDataset(version, definition, definition.Background, items, people, rows, [], [], false);
    }

    private const string Check = """
        t <- read.csv("tasks.csv", check.names = FALSE, colClasses = "character", na.strings = "")
        t$tool <- factor(sub("-.*", "", t$cell), levels = c("gam", "shap"))
        t$fidelity <- factor(sub("^[^-]*-", "", t$cell), levels = c("real", "inverted", "none"))
        fit <- function(item, metric) {
          d <- t[t$item == item & !is.na(t[[metric]]), ]
          d$y <- as.numeric(d[[metric]])
          a <- anova(lm(y ~ tool * fidelity, data = d))
          list(n = nrow(d), term = trimws(rownames(a)), df = a$Df, ss = a[["Sum Sq"]], f = a[["F value"]][1:3], p = a[["Pr(>F)"]][1:3])
        }
        res <- list("remedy.auc_gain" = fit("remedy", "auc_gain"), "locate.recall" = fit("locate", "recall"), "locate.precision" = fit("locate", "precision"))
        # R runs in a folder of its own: analysis.R's output travels back inside the check's file.
        writeLines(paste0('{"check":', jsonlite::toJSON(res, digits = NA), ',"script":', paste(readLines("analysis_r.json"), collapse = "\n"), '}'), "check.json")
        """;

    [Fact]
    public async Task F_df_and_p_of_every_term_match_R_anova_lm_on_the_exported_tasks_csv()
    {
        var data = Dataset(seed: 20260504);
        var report = DeclaredAnalysis.Run(data)!;
        using var r = await _r.RunAsync(data, analysisScript: true, Check, "check.json");
        var script = r.RootElement.GetProperty("script");
        Assert.Contains("\"remedy.auc_gain\"", _r.AnalysisJson!.RootElement.GetRawText(), StringComparison.Ordinal);

        foreach (var metric in Metrics)
        {
            var theirs = r.RootElement.GetProperty("check").GetProperty(metric);
            foreach (var sample in new[] { report.All, report.Included })
            {
                var ours = sample.Outcomes.Single(o => o.Outcome == metric);
                Assert.Equal(OutcomeKind.TaskScore, ours.Kind);
                Assert.Null(ours.Failure);
                Assert.Equal(theirs.GetProperty("n")[0].GetInt32(), ours.Participants);
                var terms = ours.Anova!.Terms;
                Assert.Equal(["tool", "fidelity", "tool:fidelity", "Residuals"], terms.Select(t => t.Term));
                Assert.Equal(theirs.GetProperty("df").EnumerateArray().Select(d => d.GetInt32()), terms.Select(t => t.Df));
                for (var i = 0; i < 4; i++)
                    Assert.Equal(theirs.GetProperty("ss")[i].GetDouble(), terms[i].SumOfSquares, 1e-9);
                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(theirs.GetProperty("f")[i].GetDouble(), terms[i].F!.Value, 1e-6);
                    Assert.Equal(theirs.GetProperty("p")[i].GetDouble(), terms[i].P!.Value, 1e-6);
                }
                Assert.Equal(terms[2].P!.Value, ours.FocalPValue);
                Assert.Equal("tool:fidelity", ours.FocalTerm);

                // The exported analysis.R, which reads tasks.csv and participants.csv its own way, agrees as well.
                var exported = script.GetProperty(sample.Sample).GetProperty("outcomes").GetProperty(metric);
                Assert.False(exported.TryGetProperty("failure", out var failure), $"analysis.R failed on {metric}: {failure}");
                Assert.Equal(ours.FocalPValue, exported.GetProperty("focal_p").GetDouble(), 1e-6);
            }
        }

        // Precision leaves out whoever marked nothing; recall counts everyone; mean per cell by brute force.
        var precision = report.All.Outcomes.Single(o => o.Outcome == "locate.precision");
        var recall = report.All.Outcomes.Single(o => o.Outcome == "locate.recall");
        Assert.Equal(data.Participants.Count, recall.Participants);
        Assert.True(precision.Participants < recall.Participants, "the seed should give someone with no marks");
        var gains = report.All.Outcomes.Single(o => o.Outcome == "remedy.auc_gain");
        foreach (var cell in gains.ByCell)
        {
            var values = data.Responses.Where(x => x.Item.ItemId == "remedy" && x.Participant.Cell == cell.Cell).Select(x => RemedyScore.FromJson(x.Value).AucGain).ToList();
            Assert.Equal(values.Count, cell.Count);
            Assert.Equal(values.Average(), cell.Mean, 12);
        }
        Assert.Single(report.All.Correction);
        Assert.Equal("remedy.auc_gain", report.All.Correction[0].Name);
    }

    public void Dispose()
    {
        _r.Dispose();
        if (File.Exists(_studyFile)) File.Delete(_studyFile);
        GC.SuppressFinalize(this);
    }
}
