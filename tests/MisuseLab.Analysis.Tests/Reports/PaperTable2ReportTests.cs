using System.Text.Json.Nodes;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Declared;
using MisuseLab.Analysis.Reports.Kaur2020;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>
/// What Table 2 shows when the study cannot fill a row: no invented counts while nothing is coded, "not measured" for a
/// row the study file leaves out; and the per-participant values recomputed by brute force from the stored answers.
/// </summary>
public abstract class PaperTable2ReportTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine)
    where TEngine : class, ITestDatabaseEngine
{
    [Fact]
    public async Task Suspicion_rows_are_not_coded_until_open_answers_are_and_a_row_left_out_is_not_measured()
    {
        await PaperTableSeed.CreateAsync(Connections, "uncoded", seed: 3, perCell: 3, code: false,
            edit: s => s["analysis"]!["replication"]!["rows"]!.AsObject().Remove("deploy"));
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync("uncoded");
        var table = DeclaredAnalysis.Run(data)!.PaperTable2!;
        foreach (var sample in new[] { table.All, table.Included })
        {
            foreach (var outcome in new[] { PaperTable2.SuspiciousDataModel, PaperTable2.SuspiciousTool })
            {
                var row = sample.Rows.Single(r => r.Outcome == outcome);
                Assert.Equal(PaperTable2Row.NotCoded, row.Status);
                Assert.All(row.Cells, c => Assert.Null(c.Count));
                Assert.Null(row.FisherP);
            }
            var deploy = sample.Rows.Single(r => r.Outcome == PaperTable2.Deploy);
            Assert.Equal(PaperTable2Row.NotMeasured, deploy.Status);
            Assert.All(deploy.Cells, c => Assert.Null(c.Mean));
            Assert.Equal(PaperTable2.Row(PaperTable2.Deploy).Gn, deploy.Cells[0].Paper);
        }
    }

    [Fact]
    public async Task Accuracy_and_cognitive_load_are_per_participant_values_recomputed_from_the_answers()
    {
        var (definition, _, _) = await PaperTableSeed.CreateAsync(Connections, "brute", seed: 5, perCell: 4);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync("brute");
        var table = DeclaredAnalysis.Run(data)!.PaperTable2!;
        var keyed = PaperTableSeed.Blocks.Select(b => definition.Page("block-" + b).Questions[0]).ToList();
        foreach (var (cell, index) in PaperTableSeed.Cells.Select((c, i) => (c, i)))
        {
            var people = data.Participants.Where(p => p.Cell == cell && !p.IsScreenedOut).ToList();
            // Accuracy: compare each answer with the literal key the study file states.
            var accuracy = people.Select(p => 100.0 * keyed.Count(q => data.Responses.Single(r => r.Participant == p && r.Item.ItemId == q.Id).Value == q.Key!.Literal) / keyed.Count).ToList();
            var row = table.All.Rows.Single(r => r.Outcome == PaperTable2.Accuracy).Cells[index];
            Assert.Equal(people.Count, row.N);
            Assert.Equal(accuracy.Average(), row.Mean!.Value, 9);
            var tlx = people.Select(p => data.Responses.Where(r => r.Participant == p && r.Item.ItemId.StartsWith("end-tlx:", StringComparison.Ordinal)).Average(r => double.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            var load = table.All.Rows.Single(r => r.Outcome == PaperTable2.CognitiveLoad).Cells[index];
            Assert.Equal(tlx.Average(), load.Mean!.Value, 9);
            var sd = Math.Sqrt(tlx.Sum(v => (v - tlx.Average()) * (v - tlx.Average())) / (tlx.Count - 1));
            Assert.Equal(sd, load.Sd!.Value, 9);
        }
    }
}

public sealed class PaperTable2ReportSqliteTests(SqliteEngine e) : PaperTable2ReportTests<SqliteEngine>(e);
