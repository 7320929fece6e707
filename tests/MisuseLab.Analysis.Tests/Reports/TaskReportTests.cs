using System.Globalization;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Analysis.Reports;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Remedies;

namespace MisuseLab.Analysis.Tests.Reports;

/// <summary>
/// Locate and remedy outcomes of kaur2020-utility from hand-made stored answers (no models trained): detection rate
/// per defect and cell, precision/recall, the AUC gain's distribution, and the export's tasks.csv and codebook.
/// </summary>
public sealed class TaskReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    // Per participant of each of the first two cells: which defects (by index) they located, how many marks, and their AUC gain.
    private static readonly (string Cell, int[] Located, int Marks, double Gain)[] People =
    [
        ("gam-real", [0], 1, 0.010), ("gam-real", [0, 1], 3, 0.012), ("gam-real", [], 0, -0.004), ("gam-real", [1], 2, 0.001),
        ("gam-inverted", [], 2, -0.005), ("gam-inverted", [2], 1, 0.002), ("gam-inverted", [], 1, 0.0),
    ];

    private static StudyDataset Dataset()
    {
        var path = Path.Combine(StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!, "kaur2020-utility.json");
        var json = File.ReadAllText(path);
        var definition = StudyDefinitionLoader.Load(path);
        var version = new StudyVersionRecord(1, 1, "kaur2020-utility", definition.Version, StudyHash.Compute(json), json, StudyStatus.Open, Start, Start);
        var items = AnswerItem.ItemsOf(definition);
        var locate = items.Single(i => i.ItemId == "locate");
        var remedy = items.Single(i => i.ItemId == "remedy");
        var people = new List<DatasetParticipant>();
        var rows = new List<DatasetResponse>();
        for (var id = 1; id <= People.Length; id++)
        {
            var (cell, located, marks, gain) = People[id - 1];
            var record = new ParticipantRecord(id, 1, 1, null, $"P-{id:D10}", cell, id, ParticipantStatus.Completed, EntryKind.Invite, null, 11, Start, Start.AddMinutes(20), null);
            var person = new DatasetParticipant(record, definition.Cell(cell).Levels, new Dictionary<string, string>());
            people.Add(person);
            var defects = definition.Data.Defects.Select((d, i) => new LocatedDefect(d.Name, $"$.data.defects[{i}]", located.Contains(i))).ToList();
            var score = new LocateScore(defects, marks, located.Length, marks == 0 ? null : (double)located.Length / marks, located.Length / 3.0);
            var answer = new LocateAnswer([.. Enumerable.Range(0, marks).Select(_ => new LocateMark("age", "38"))], null);
            rows.Add(new DatasetResponse(person, locate, LocateAnswerJson.Write(answer, score), null, null, null, Start, Start, 30, null));
            var fix = new RemedyScore(gain > 0 ? ["restore-capital-gain"] : [], 0.9 + gain, 0.3, 0.85, gain, 0, 0, 32561, new string('a', 64));
            rows.Add(new DatasetResponse(person, remedy, fix.ToJson(), null, null, null, Start, Start, 30, null));
        }
        return new StudyDataset(version, definition, definition.Background, items, people, rows, [], [], false);
    }

    [Fact]
    public void Detection_rates_precision_recall_and_gain_quartiles_per_cell_match_hand_counts()
    {
        var report = StudyAnalysis.Analyze(Dataset()).Tasks!;

        // mean-imputed-age ($.data.defects[0]): 2 of 4 in gam-real, 0 of 3 in gam-inverted; none in the empty cells.
        var age = report.Detection.Single(d => d.SpecPath == "$.data.defects[0]");
        Assert.Equal("mean-imputed-age", age.Defect);
        Assert.Equal((2, 4), (age.ByCell[0].Successes, age.ByCell[0].Trials));
        Assert.Equal((0, 3), (age.ByCell[1].Successes, age.ByCell[1].Trials));
        Assert.Equal(0, age.ByCell[2].Trials);
        var hours = report.Detection.Single(d => d.SpecPath == "$.data.defects[2]");
        Assert.Equal((1, 3), (hours.ByCell[1].Successes, hours.ByCell[1].Trials));

        // Precision leaves out the participant who marked nothing: gam-real (1 + 2/3 + 1/2) / 3.
        Assert.Equal(3, report.Precision[0].N);
        Assert.Equal((1 + 2.0 / 3 + 0.5) / 3, report.Precision[0].Mean, 12);
        Assert.Equal((1 / 3.0 + 2 / 3.0 + 0 + 1 / 3.0) / 4, report.Recall[0].Mean, 12);

        // Gains of gam-real sorted: -0.004, 0.001, 0.010, 0.012; R type 7 quartiles at h = 0.75, 1.5, 2.25.
        var gain = report.AucGain[0];
        Assert.Equal(4, gain.N);
        Assert.Equal(0.019 / 4, gain.Mean, 12);
        Assert.Equal(-0.004 + 0.75 * 0.005, gain.Q1, 12);
        Assert.Equal((0.001 + 0.010) / 2, gain.Median, 12);
        Assert.Equal(0.010 + 0.25 * 0.002, gain.Q3, 12);
        var mean = 0.019 / 4;
        var sd = Math.Sqrt(new[] { 0.010, 0.012, -0.004, 0.001 }.Sum(x => (x - mean) * (x - mean)) / 3);
        Assert.Equal(sd, gain.StandardDeviation, 12);
    }

    [Fact]
    public void The_export_spreads_each_task_answer_into_tasks_csv_and_documents_its_columns()
    {
        var folder = Directory.CreateTempSubdirectory("misuselab-tasks-").FullName;
        try
        {
            StudyExporter.Write(Dataset(), new DirectoryExportTarget(folder));
            var lines = File.ReadAllLines(Path.Combine(folder, "tasks.csv"));
            Assert.Equal(string.Join(',', TaskExport.Columns), lines[0]);
            Assert.Equal(2 * People.Length, lines.Length - 1);
            var remedy = lines.Single(l => l.StartsWith("P-0000000002,gam-real,remedy,remedy,", StringComparison.Ordinal)).Split(',');
            Assert.Equal("restore-capital-gain", remedy[4]);
            Assert.Equal(new string('a', 64), remedy[5]);
            Assert.Equal(0.012, double.Parse(remedy[9], CultureInfo.InvariantCulture), 12);
            var locate = lines.Single(l => l.StartsWith("P-0000000002,gam-real,locate,locate,", StringComparison.Ordinal)).Split(',');
            Assert.Equal(["3", "2"], locate[10..12]);
            Assert.Equal("mean-imputed-age@$.data.defects[0];ad-hoc-binning@$.data.defects[1]", locate[14]);
            var codebook = File.ReadAllText(Path.Combine(folder, "codebook.csv"));
            foreach (var column in TaskExport.Columns) Assert.Contains($"tasks.csv,{column},", codebook);
            Assert.Contains("\"auc_gain\"", File.ReadAllText(Path.Combine(folder, "tasks.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
