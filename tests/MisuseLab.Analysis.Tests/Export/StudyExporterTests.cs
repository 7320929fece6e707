using System.Security.Cryptography;
using System.Text.Json;
using MisuseLab.Analysis;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Export;
using MisuseLab.Storage.Coding;
using MisuseLab.Study.Definitions;
using MisuseLab.TestSupport;

namespace MisuseLab.Analysis.Tests.Export;

public abstract class StudyExporterTests<TEngine>(TEngine engine) : DatabaseTest<TEngine>(engine), IDisposable
    where TEngine : class, ITestDatabaseEngine
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "misuselab-export-" + Guid.NewGuid().ToString("N"));

    private async Task<(ExportSeed Seed, Dictionary<string, PythonCsv.Table> Csv, ExportSummary Summary)> ExportAsync(bool includeWithdrawn = false)
    {
        var seed = await ExportSeed.CreateAsync(Connections);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync(ExportSeed.Slug, new DatasetOptions(includeWithdrawn));
        var summary = StudyExporter.Write(data, new DirectoryExportTarget(_folder));
        return (seed, PythonCsv.ReadFolder(_folder), summary);
    }

    [Fact]
    public async Task Derived_keys_follow_the_stimulus_each_participant_saw_and_withdrawn_participants_are_left_out()
    {
        var (seed, csv, summary) = await ExportAsync();
        var (first, second, withdrawn) = (seed.Participants[0], seed.Participants[1], seed.Participants[2]);

        Assert.Equal(2, summary.Participants);
        var top = csv["responses.csv"].Rows.Where(r => r["item"] == "top-feature").ToDictionary(r => r["pseudonym"]);
        Assert.Equal([first.Pseudonym, second.Pseudonym], top.Keys);
        var expectedKey = first.CellId == "demo-real" ? "age" : "sex";
        Assert.Equal((expectedKey, "1", seed.GlobalByCell[first.CellId].Sha256), (top[first.Pseudonym]["key"], top[first.Pseudonym]["correct"], top[first.Pseudonym]["stimulus_sha256"]));
        Assert.Equal(("workclass", "0"), (top[second.Pseudonym]["value"], top[second.Pseudonym]["correct"]));
        Assert.Equal("15.25", top[first.Pseudonym]["seconds_on_page"]);
        Assert.Equal("2026-05-04T10:00:20Z", top[first.Pseudonym]["answered_at"]);
        var rating = csv["responses.csv"].Rows.Single(r => r["item"] == "rate-model-reasonable" && r["pseudonym"] == first.Pseudonym);
        Assert.Equal(("2", "", "", "", "7"), (rating["value"], rating["key"], rating["correct"], rating["stimulus_sha256"], rating["seconds_on_page"]));

        var participants = csv["participants.csv"];
        Assert.Equal(["pseudonym", "cell", "fidelity", "status", "withdrawn", "pilot", "started_at", "finished_at", "duration_seconds", "last_page",
            "excluded", "exclusion_reason", "bg-role", "bg-ml-years", "bg-familiar-gam", "bg-familiar-shap"], participants.Header);
        var row = participants.Rows.Single(r => r["pseudonym"] == first.Pseudonym);
        Assert.Equal(("Researcher, \"senior\"", "", "3", "180", "completed"), (row["bg-role"], row["bg-ml-years"], row["bg-familiar-shap"], row["duration_seconds"], row["status"]));

        Assert.DoesNotContain(withdrawn.Pseudonym, string.Concat(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
        foreach (var file in Directory.GetFiles(_folder, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("@", text);
            Assert.DoesNotContain("CODE0", text); // completion codes stay in the database
        }
        foreach (var stimulus in seed.GlobalByCell.Values)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, "stimuli", stimulus.Sha256 + ".json"));
            Assert.Equal(stimulus.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        using var study = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "study.json")));
        Assert.Equal(seed.Version.StudyHash, StudyHash.Compute(study.RootElement.GetProperty("definition")));
    }

    [Fact]
    public async Task Pilot_participants_are_left_out_of_the_dataset_and_the_export_unless_asked_for_and_then_flagged()
    {
        var seed = await ExportSeed.CreateAsync(Connections);
        var (first, second) = (seed.Participants[0], seed.Participants[1]);
        await using (var connection = await Connections.OpenAsync())
        {
            // As if the first had enrolled with a pilot invite code (what enrolment stores for one).
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE participants SET pilot = 1 WHERE id = @Id", new { first.Id });
        }
        var loader = StudyDatasetLoader.Create(Connections);

        var plain = await loader.LoadAsync(ExportSeed.Slug);
        Assert.Equal([second.Pseudonym], plain.Participants.Select(p => p.Pseudonym));
        Assert.DoesNotContain(plain.Responses, r => r.Participant.Pseudonym == first.Pseudonym);
        Assert.DoesNotContain(plain.Events, e => e.Participant.Pseudonym == first.Pseudonym);
        StudyExporter.Write(plain, new DirectoryExportTarget(_folder));
        Assert.DoesNotContain(first.Pseudonym, string.Concat(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
        Assert.Equal(["0"], PythonCsv.ReadFolder(_folder)["participants.csv"].Rows.Select(r => r["pilot"]));

        var withPilots = await loader.LoadAsync(ExportSeed.Slug, new DatasetOptions(IncludePilot: true));
        var folder = _folder + "-pilot";
        try
        {
            StudyExporter.Write(withPilots, new DirectoryExportTarget(folder));
            var flags = PythonCsv.ReadFolder(folder)["participants.csv"].Rows.ToDictionary(r => r["pseudonym"], r => r["pilot"]);
            Assert.Equal(new Dictionary<string, string> { [first.Pseudonym] = "1", [second.Pseudonym] = "0" }, flags);
            Assert.Contains("pilot participants included", File.ReadAllText(Path.Combine(folder, "README.txt")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Include_withdrawn_finds_nothing_of_a_participant_whose_withdrawal_erased_them()
    {
        var (seed, csv, _) = await ExportAsync(includeWithdrawn: true);

        Assert.Equal(seed.Participants.Take(2).Select(p => p.Pseudonym), csv["participants.csv"].Rows.Select(r => r["pseudonym"]));
        Assert.DoesNotContain(seed.Participants[2].Pseudonym, string.Concat(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [Fact]
    public async Task Codes_are_kept_only_for_answers_of_finished_participants_and_exported_on_the_answer_row()
    {
        var seed = await ExportSeed.CreateAsync(Connections);
        var codes = new FreeTextCodeRepository(Connections);
        var (first, withdrawn) = (seed.Participants[0], seed.Participants[2]);

        Assert.True(await codes.SetAsync(first.Id, "top-feature", " a ;b;; ", ExportSeed.Start));
        Assert.False(await codes.SetAsync(first.Id, "no-such-item", "a", ExportSeed.Start));
        Assert.False(await codes.SetAsync(withdrawn.Id, "top-feature", "a", ExportSeed.Start));
        Assert.Throws<ArgumentException>(() => FreeTextCodeRepository.Normalise(new string('x', FreeTextCodeRepository.MaxCodeLength + 1)));
        Assert.Equal("a; b", Assert.Single(await codes.ListByVersionAsync(seed.Version.Id)).Code);

        var data = await StudyDatasetLoader.Create(Connections).LoadAsync(ExportSeed.Slug);
        StudyExporter.Write(data, new DirectoryExportTarget(_folder));
        var row = PythonCsv.ReadFolder(_folder)["responses.csv"].Rows.Single(r => r["pseudonym"] == first.Pseudonym && r["item"] == "top-feature");
        Assert.Equal("a; b", row["code"]);

        Assert.True(await codes.SetAsync(first.Id, "top-feature", "", ExportSeed.Start));
        Assert.Empty(await codes.ListByVersionAsync(seed.Version.Id));
    }

    [Fact]
    public async Task An_unknown_study_and_a_non_empty_folder_are_refused_with_what_to_do()
    {
        await ExportSeed.CreateAsync(Connections);

        var unknown = await Assert.ThrowsAsync<AnalysisException>(() => StudyDatasetLoader.Create(Connections).LoadAsync("nope"));
        Assert.Contains("Known studies: demo", unknown.Message);
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "old.csv"), "x");
        var full = Assert.Throws<AnalysisException>(() => new DirectoryExportTarget(_folder));
        Assert.Contains("not empty", full.Message);
    }

    [Fact]
    public async Task Answers_that_would_run_as_spreadsheet_formulas_are_neutralised_in_the_csv_and_kept_exactly_in_answers_json()
    {
        var seed = await ExportSeed.CreateAsync(Connections);
        var data = await StudyDatasetLoader.Create(Connections).LoadAsync(ExportSeed.Slug);
        var hostile = new[] { "=1+1", "@cmd", "\tx", "-0.5" }; // the seed has four answers
        var edited = data with { Responses = [.. data.Responses.Select((r, i) => i < hostile.Length ? r with { Value = hostile[i] } : r)] };

        StudyExporter.Write(edited, new DirectoryExportTarget(_folder));

        var values = PythonCsv.ReadFolder(_folder)["responses.csv"].Rows.Take(hostile.Length).Select(r => r["value"]).ToList();
        Assert.Equal(hostile.Length, edited.Responses.Count);
        Assert.Equal(["'=1+1", "'@cmd", "'\tx", "-0.5"], values); // a number stays a number
        using var answers = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "answers.json")));
        var raw = answers.RootElement.GetProperty("responses").EnumerateArray().Take(hostile.Length).Select(a => a.GetProperty("value").GetString()).ToList();
        Assert.Equal(hostile, raw);
        Assert.Equal(seed.Participants[0].Pseudonym, answers.RootElement.GetProperty("responses")[0].GetProperty("pseudonym").GetString());
        Assert.Contains(answers.RootElement.GetProperty("background").EnumerateArray(), b => b.GetProperty("value").GetString() == "Researcher, \"senior\"");
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\rx", "'\rx")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("+3", "+3")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("plain = text", "plain = text")]
    [InlineData("", "")]
    public void A_field_a_spreadsheet_would_run_gets_a_leading_apostrophe_and_numbers_stay_numbers(string field, string written) =>
        Assert.Equal(written, CsvTable.Neutralise(field));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

public sealed class StudyExporterSqliteTests(SqliteEngine e) : StudyExporterTests<SqliteEngine>(e);
public sealed class StudyExporterPostgresTests(PostgresEngine e) : StudyExporterTests<PostgresEngine>(e);
