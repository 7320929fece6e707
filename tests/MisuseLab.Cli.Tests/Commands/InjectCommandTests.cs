using System.Text.Json;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class InjectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("misuselab-inject-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Kaur2020_json_prints_counts_per_defect_and_writes_the_manifest()
    {
        var manifest = PathOf("m.json");
        var result = CliHarness.Run("inject", "--preset", "kaur2020", "--seed", "42", "--manifest", manifest, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);

        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(42, root.GetProperty("seed").GetInt32());
        Assert.Equal(manifest, root.GetProperty("manifest").GetString());
        Assert.Equal(32_561, root.GetProperty("train_rows").GetProperty("before").GetInt32());
        Assert.Equal(32_561, root.GetProperty("train_rows").GetProperty("after").GetInt32());
        Assert.Equal(14, root.GetProperty("columns").GetProperty("after").GetInt32()); // Adult's 14 features: nothing added or removed
        var counts = root.GetProperty("defects").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        // Kaur et al.'s Table 1: age 38 for 10% of the 7,841 rows with income >50K (784); Federal-gov (960 training
        // and 472 test rows) split into three spellings, two of them new (640 + 315 rows respelled); hours binned.
        Assert.Equal(["mean-imputed-age", "relabelled-category", "ad-hoc-binning"], counts.Keys);
        Assert.Equal(784, counts["mean-imputed-age"].GetProperty("affected_cells").GetInt32());
        Assert.Equal(640 + 315, counts["relabelled-category"].GetProperty("changed_cells").GetInt32());
        Assert.Equal(2, counts["relabelled-category"].GetProperty("added_categories").GetInt32());
        Assert.Equal(1, counts["ad-hoc-binning"].GetProperty("replaced_columns").GetInt32());
        Assert.All(counts.Values, c => Assert.Equal(0, c.GetProperty("added_rows").GetInt32()));

        // The printed counts are those of the manifest written.
        var written = JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("defects");
        foreach (var entry in written.EnumerateArray())
        {
            var printed = counts[entry.GetProperty("name").GetString()!];
            Assert.Equal(entry.GetProperty("changes").GetArrayLength(), printed.GetProperty("affected_cells").GetInt32());
            Assert.Equal(entry.GetProperty("added_rows").GetArrayLength(), printed.GetProperty("added_rows").GetInt32());
        }
        var age = written[0].GetProperty("changes").EnumerateArray().ToArray();
        Assert.Equal(784, age.Count(c => c.GetProperty("column").GetString() == "age" && c.GetProperty("after").GetDouble() == 38));
    }

    [Fact]
    public void The_same_seed_writes_the_same_manifest_bytes()
    {
        Assert.Equal(0, CliHarness.Run("inject", "--preset", "kaur2020", "--seed", "7", "--manifest", PathOf("a.json")).ExitCode);
        Assert.Equal(0, CliHarness.Run("inject", "--preset", "kaur2020", "--seed", "7", "--manifest", PathOf("b.json")).ExitCode);
        Assert.Equal(File.ReadAllBytes(PathOf("a.json")), File.ReadAllBytes(PathOf("b.json")));
    }

    [Fact]
    public void A_spec_file_in_study_format_is_applied()
    {
        File.WriteAllText(PathOf("study.json"), """{"defects": [{"name": "mean-imputed-age", "rate": 0.1, "value": 38}, {"name": "label-noise", "rate": 0.01}]}""");
        var result = CliHarness.Run("inject", "--spec", PathOf("study.json"), "--manifest", PathOf("m.json"), "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(PathOf("study.json"), root.GetProperty("spec").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("preset").ValueKind);
        var defects = root.GetProperty("defects");
        Assert.Equal(2, defects.GetArrayLength());
        Assert.Equal(326, defects[1].GetProperty("changed_cells").GetInt32()); // round(0.01 * 32,561)
    }

    [Fact]
    public void A_bad_spec_file_fails_with_json_paths_and_writes_nothing()
    {
        File.WriteAllText(PathOf("bad.json"), """{"defects": [{"name": "label-noise", "rate": 3}, {"name": "data-drift", "column": "age", "shfit": 2}]}""");
        var result = CliHarness.Run("inject", "--spec", PathOf("bad.json"), "--manifest", PathOf("m.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$.defects[0].rate: expected a share of rows in (0, 1]", result.Error);
        Assert.Contains("$.defects[1].shfit: 'data-drift' has no field 'shfit'", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(PathOf("m.json")));
    }

    [Fact]
    public void A_spec_that_does_not_fit_the_data_names_the_path_and_the_columns()
    {
        File.WriteAllText(PathOf("s.json"), """[{"name": "ad-hoc-binning", "column": "workclass"}]""");
        var result = CliHarness.Run("inject", "--spec", PathOf("s.json"), "--manifest", PathOf("m.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: $[0].column: expected a numeric column (age, fnlwgt, education-num, capital-gain, capital-loss, hours-per-week); found 'workclass', which is categorical.", result.Error);
    }

    [Fact]
    public void Preset_and_spec_are_mutually_exclusive_and_one_is_required()
    {
        var neither = CliHarness.Run("inject", "--manifest", PathOf("m.json"));
        Assert.NotEqual(0, neither.ExitCode);
        Assert.Contains("Expected exactly one of --preset and --spec.", neither.Error);
        var unknown = CliHarness.Run("inject", "--preset", "kaur2021", "--manifest", PathOf("m.json"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("expected a defect preset, one of: kaur2020; found 'kaur2021'", unknown.Error);
    }

    [Fact]
    public void Without_json_a_table_names_every_defect()
    {
        var result = CliHarness.Run("inject", "--preset", "kaur2020", "--manifest", PathOf("m.json"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("train rows 32,561 -> 32,561", result.Output);
        foreach (var name in new[] { "mean-imputed-age", "relabelled-category", "ad-hoc-binning" })
            Assert.Contains(name, result.Output);
        Assert.Contains("784", result.Output);
    }
}
