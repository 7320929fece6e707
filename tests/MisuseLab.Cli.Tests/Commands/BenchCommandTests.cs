using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Commands;
using MisuseLab.Study.Adult;
using MisuseLab.TestSupport;

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
            ["gbdt_train_seconds", "ebm_train_seconds", "treeshap_rows_per_second", "treeshap_additivity_max_abs_error", "pfi_seconds", "treeshap_mlnet_rows_per_second", "stimuli_seconds", "page_latency_ms", "page_load", "remedy", "peers", "ratios", "load"],
            root.EnumerateObject().Select(p => p.Name));
        foreach (var name in (string[])["gbdt_train_seconds", "ebm_train_seconds", "treeshap_rows_per_second", "pfi_seconds", "treeshap_mlnet_rows_per_second", "stimuli_seconds"])
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} = {root.GetProperty(name)}");
        // TreeSHAP checked additivity on every row, so the reported maximum is within its 1e-9 tolerance.
        Assert.InRange(root.GetProperty("treeshap_additivity_max_abs_error").GetDouble(), 0, 1e-9);

        Assert.Equal(["p50", "p99", "study_pages_p50", "study_pages_p99"], root.GetProperty("page_latency_ms").EnumerateObject().Select(p => p.Name));
        Assert.All(root.GetProperty("page_latency_ms").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
        var pageLoad = root.GetProperty("page_load");
        Assert.Equal(["burst", "paced", "study_pages_max_rps", "study_pages_cpu_seconds_per_request", "steps"], pageLoad.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, pageLoad.GetProperty("burst").GetProperty("join_p99_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, pageLoad.GetProperty("study_pages_max_rps").ValueKind);
        // --skip-latency starts no web app, so the remedy submissions are not measured either.
        Assert.Equal(["submit_p50_ms", "submit_p95_ms", "submit_max_ms", "submissions", "precompute_seconds", "precomputed"], root.GetProperty("remedy").EnumerateObject().Select(p => p.Name));
        Assert.All(root.GetProperty("remedy").EnumerateObject(), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
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
    public void Page_load_comes_from_bots_that_joined_the_demo_study_by_link_on_the_web_app_in_its_own_process()
    {
        const int bots = 3;
        var result = Run("bench", "--json", "--rows", "400", "--repeats", "1", "--skip-peers", "--allow-debug", "--bots", $"{bots}",
            "--paced-seconds", "4", "--step-seconds", "2", "--think-ms", "50-200", "--study", DemoStudy());

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        var latency = root.GetProperty("page_latency_ms");
        double Ms(string name) => latency.GetProperty(name).GetDouble();
        Assert.InRange(Ms("p50"), double.Epsilon, Ms("p99"));
        Assert.InRange(Ms("study_pages_p50"), double.Epsilon, Ms("study_pages_p99"));
        Assert.Matches($@"page latency: \d+ requests by {bots} concurrent bots", result.Error);

        var load = root.GetProperty("page_load");
        var burst = load.GetProperty("burst");
        // Every burst bot joined by link and reached the completion code; none registered (link sign-in has no /account/ step).
        Assert.Equal(bots, burst.GetProperty("completed").GetInt32());
        Assert.InRange(burst.GetProperty("join_p50_ms").GetDouble(), double.Epsilon, burst.GetProperty("join_p99_ms").GetDouble());
        Assert.InRange(burst.GetProperty("study_pages_p50_ms").GetDouble(), double.Epsilon, burst.GetProperty("study_pages_p99_ms").GetDouble());
        // With no /account/ requests, "all requests outside /account/" are all requests: the two p99s agree.
        Assert.Equal(Ms("p99"), Ms("study_pages_p99"));

        var paced = load.GetProperty("paced");
        Assert.InRange(paced.GetProperty("study_pages_p50_ms").GetDouble(), double.Epsilon, paced.GetProperty("study_pages_p99_ms").GetDouble());
        // When the run ends every one of the bots' places holds a participant still in the study, or one that just finished.
        Assert.InRange(paced.GetProperty("in_study_at_end").GetInt32(), 0, bots);
        Assert.True(paced.GetProperty("completed").GetInt32() + paced.GetProperty("in_study_at_end").GetInt32() >= bots, paced.ToString());

        // The maximum is the best step whose study pages kept p99 ≤ 100 ms, recomputed here from the steps themselves.
        var steps = load.GetProperty("steps").EnumerateArray().ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.True(s.GetProperty("study_pages_rps").GetDouble() > 0 && s.GetProperty("cpu_seconds_per_request").GetDouble() > 0, s.ToString()));
        Assert.Equal(steps.Select(s => s.GetProperty("offered_page_actions_per_second").GetDouble()).Order(), steps.Select(s => s.GetProperty("offered_page_actions_per_second").GetDouble()));
        var sustained = steps.Where(s => s.GetProperty("study_pages_p99_ms").GetDouble() <= 100).ToList();
        var maxRps = load.GetProperty("study_pages_max_rps");
        if (sustained.Count == 0)
            Assert.Equal(JsonValueKind.Null, maxRps.ValueKind);
        else
        {
            var best = sustained.MaxBy(s => s.GetProperty("study_pages_rps").GetDouble());
            Assert.Equal(best.GetProperty("study_pages_rps").GetDouble(), maxRps.GetDouble());
            Assert.Equal(best.GetProperty("cpu_seconds_per_request").GetDouble(), load.GetProperty("study_pages_cpu_seconds_per_request").GetDouble());
        }
        Assert.Contains("with link sign-in", result.Error);
    }

    [Fact]
    public void Remedy_submissions_are_measured_when_every_participant_posts_at_once_after_launch_precomputed_the_menu()
    {
        const int bots = 4;
        var study = CutDownUtilityStudy();
        var result = Run("bench", "--json", "--only", "remedy", "--allow-debug", "--remedy-participants", $"{bots}", "--remedy-study", study);

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(["remedy", "load"], root.EnumerateObject().Select(p => p.Name));
        var remedy = root.GetProperty("remedy");
        Assert.Equal(bots, remedy.GetProperty("submissions").GetInt32());
        Assert.InRange(remedy.GetProperty("submit_p50_ms").GetDouble(), double.Epsilon, remedy.GetProperty("submit_p95_ms").GetDouble());
        Assert.InRange(remedy.GetProperty("submit_p95_ms").GetDouble(), 0, remedy.GetProperty("submit_max_ms").GetDouble());
        // Two options on the menu and one model: launch stored all 2² combinations.
        Assert.Equal(4, remedy.GetProperty("precomputed").GetInt32());
        Assert.True(remedy.GetProperty("precompute_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("load").GetProperty("remedy").TryGetProperty("others_cores", out _));
        Assert.Contains($"{bots} simultaneous submissions", result.Error);
    }

    /// <summary>kaur2020-utility cut to its GBDT cells (5 trees), two remedies and open link enrolment: a launch of seconds.</summary>
    private static string CutDownUtilityStudy()
    {
        var s = UtilityStudyCut.Json("utility-bench", "age-38-missing", "drop-age");
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-remedy-bench-").FullName, "utility-bench.json");
        File.WriteAllText(file, s.ToJsonString());
        return file;
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
