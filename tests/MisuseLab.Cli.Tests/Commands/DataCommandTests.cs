using System.Text.Json;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class DataCommandTests
{
    private static readonly string[] Features =
        ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
         "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country"];

    [Fact]
    public void Json_check_prints_one_object_with_counts_source_and_all_missing_counts()
    {
        var result = CliHarness.Run("data", "check", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);

        using var doc = JsonDocument.Parse(result.Output); // throws if there is anything but one JSON value
        var root = doc.RootElement;
        Assert.Equal(32_561, root.GetProperty("train_rows").GetInt32());
        Assert.Equal(16_281, root.GetProperty("test_rows").GetInt32());
        Assert.True(root.GetProperty("sha256_ok").GetBoolean());
        Assert.Equal(AdultDataLocator.Resolve(null), root.GetProperty("source").GetString());
        var missing = root.GetProperty("missing");
        Assert.Equal(Features, missing.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1_836, missing.GetProperty("workclass").GetInt32());
        Assert.Equal(1_843, missing.GetProperty("occupation").GetInt32());
        Assert.Equal(583, missing.GetProperty("native-country").GetInt32());
        Assert.Equal(0, missing.GetProperty("age").GetInt32());
    }

    [Fact]
    public void Table_check_shows_rows_and_each_feature()
    {
        var result = CliHarness.Run("data", "check");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("32,561 train, 16,281 test", result.Output);
        foreach (var f in Features) Assert.Contains(f, result.Output);
        Assert.Contains("1,843", result.Output);
    }

    [Fact]
    public void A_data_dir_without_files_fails_on_stderr_without_a_stack_trace()
    {
        var empty = Directory.CreateTempSubdirectory("misuselab-cli-").FullName;
        try
        {
            var result = CliHarness.Run("data", "check", "--data-dir", empty, "--json");
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Output);
            Assert.StartsWith($"error: {Path.Combine(empty, "adult.data")}: expected the UCI Adult file", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    [Fact]
    public void A_corrupted_file_fails_naming_the_file_and_hashes()
    {
        var dir = Directory.CreateTempSubdirectory("misuselab-cli-").FullName;
        try
        {
            var source = AdultDataLocator.Resolve(null);
            foreach (var name in AdultChecksums.FileNames) File.Copy(Path.Combine(source, name), Path.Combine(dir, name));
            File.AppendAllText(Path.Combine(dir, "adult.data"), "x");
            var result = CliHarness.Run("data", "check", "--data-dir", dir);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"{Path.Combine(dir, "adult.data")}: expected SHA-256 ", result.Error);
            Assert.Contains("; found ", result.Error);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_installed_command_is_registered_and_exits_with_the_right_codes()
    {
        var ok = CliHarness.RunProcess("data", "check", "--json");
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Equal(32_561, JsonDocument.Parse(ok.Output).RootElement.GetProperty("train_rows").GetInt32());

        var bad = CliHarness.RunProcess("data", "check", "--data-dir", Path.Combine(Path.GetTempPath(), "misuselab-no-such-dir"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.StartsWith("error: ", bad.Error);
        Assert.DoesNotContain("   at ", bad.Error);
    }
}
