using System.CommandLine;
using System.Text.Json;
using MisuseLab.Cli.Commands;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Tests.Commands;

/// <summary>The bench command's contract (not its speed): the JSON shape a CI job or a notebook reads.</summary>
public sealed class BenchCommandTests
{
    private static CliResult Run(params string[] args)
    {
        var root = new RootCommand("test root");
        root.Subcommands.Add(BenchCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new(exit, output.ToString(), error.ToString());
    }

    private static string DemoStudy() =>
        Path.Combine(AdultDataLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests inside the repository."), "studies", "demo.json");

    [Fact]
    public void A_quick_run_prints_exactly_the_documented_json_object()
    {
        var result = Run("bench", "--json", "--rows", "400", "--repeats", "1", "--skip-peers", "--skip-latency", "--allow-debug", "--study", DemoStudy());

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(
            ["gbdt_train_seconds", "ebm_train_seconds", "treeshap_rows_per_second", "treeshap_additivity_max_abs_error", "pfi_seconds", "treeshap_mlnet_rows_per_second", "stimuli_seconds", "page_latency_ms", "peers", "ratios", "load"],
            root.EnumerateObject().Select(p => p.Name));
        foreach (var name in (string[])["gbdt_train_seconds", "ebm_train_seconds", "treeshap_rows_per_second", "pfi_seconds", "treeshap_mlnet_rows_per_second", "stimuli_seconds"])
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} = {root.GetProperty(name)}");
        // TreeSHAP checked additivity on every row, so the reported maximum is within its 1e-9 tolerance.
        Assert.InRange(root.GetProperty("treeshap_additivity_max_abs_error").GetDouble(), 0, 1e-9);

        Assert.Equal(["p50", "p99", "study_pages_p50", "study_pages_p99"], root.GetProperty("page_latency_ms").EnumerateObject().Select(p => p.Name));
        Assert.All(root.GetProperty("page_latency_ms").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.Equal(
            ["xgboost_hist_train_seconds", "xgboost_pred_contribs_rows_per_second", "sklearn_hgb_train_seconds", "sklearn_permutation_importance_seconds",
             "mlnet_fasttree_train_seconds", "mlnet_fasttree_auc", "mlnet_pfi_seconds"],
            root.GetProperty("peers").EnumerateObject().Select(p => p.Name));
        // --skip-peers leaves out the Python peers; ML.NET runs in-process and is always measured.
        Assert.All(root.GetProperty("peers").EnumerateObject().Where(p => !p.Name.StartsWith("mlnet_", StringComparison.Ordinal)), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        Assert.All(root.GetProperty("peers").EnumerateObject().Where(p => p.Name.StartsWith("mlnet_", StringComparison.Ordinal)), p => Assert.True(p.Value.GetDouble() > 0, $"{p.Name} = {p.Value}"));
        Assert.Equal(
            ["gbdt_train_speedup_vs_xgboost_hist", "gbdt_train_speedup_vs_sklearn_hgb", "treeshap_speedup_vs_xgboost_pred_contribs", "pfi_speedup_vs_sklearn_permutation_importance",
             "gbdt_train_speedup_vs_mlnet_fasttree", "pfi_speedup_vs_mlnet_pfi"],
            root.GetProperty("ratios").EnumerateObject().Select(p => p.Name));
        // The ML.NET ratios divide ML.NET's figures by ours from this same output.
        Assert.Equal(root.GetProperty("peers").GetProperty("mlnet_fasttree_train_seconds").GetDouble() / root.GetProperty("gbdt_train_seconds").GetDouble(),
            root.GetProperty("ratios").GetProperty("gbdt_train_speedup_vs_mlnet_fasttree").GetDouble(), 12);
        // The load around each measurement (Linux: /proc/loadavg), without the peers and page latency that were skipped.
        var load = root.GetProperty("load");
        Assert.Equal(["cores", "gbdt_train", "ebm_train", "treeshap", "pfi", "stimuli", "mlnet_fasttree_train", "mlnet_pfi", "treeshap_mlnet"], load.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Environment.ProcessorCount, load.GetProperty("cores").GetInt32());
        Assert.All(load.EnumerateObject().Skip(1), p => Assert.True(p.Value.GetProperty("before").GetDouble() >= 0, $"{p.Name} = {p.Value}"));
        // The measuring conditions go to stderr, never into the JSON.
        Assert.Contains("threads: 2", result.Error);
        Assert.Contains("best (minimum) of 1 run(s)", result.Error);
    }

    [Fact]
    public void Page_latency_comes_from_bots_that_finished_the_demo_study_on_the_web_app_in_its_own_process()
    {
        var result = Run("bench", "--json", "--rows", "400", "--repeats", "1", "--skip-peers", "--allow-debug", "--bots", "3", "--study", DemoStudy());

        Assert.True(result.ExitCode == 0, result.Error);
        var latency = JsonDocument.Parse(result.Output).RootElement.GetProperty("page_latency_ms");
        double Ms(string name) => latency.GetProperty(name).GetDouble();
        Assert.InRange(Ms("p50"), double.Epsilon, Ms("p99"));
        Assert.InRange(Ms("study_pages_p50"), double.Epsilon, Ms("study_pages_p99"));
        Assert.Contains("3 bots finished", result.Error);
        Assert.Matches(@"page latency: \d+ requests by 3 concurrent bots", result.Error);
    }

    [Fact]
    public void Truncated_data_cannot_be_compared_with_the_peers()
    {
        var result = Run("bench", "--json", "--rows", "400", "--allow-debug");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--skip-peers", result.Error);
        Assert.Equal("", result.Output);
    }
}
