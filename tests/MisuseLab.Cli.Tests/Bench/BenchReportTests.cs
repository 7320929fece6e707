using MisuseLab.Cli.Bench;

namespace MisuseLab.Cli.Tests.Bench;

public sealed class BenchReportTests
{
    private static Timing Runs(params double[] seconds) => new(seconds, seconds.Select(s => 2 * s).ToArray(), 1.0, 1.5);

    private static BenchReport Report(PeerFigures? peers)
    {
        var ours = new LearningFigures(Runs(2.0, 1.0, 3.0), 0.93, Runs(8.0), 0.92, Runs(0.5), 16_281, 1e-14, Runs(4.0), Runs(10.0), 20);
        return new BenchReport(new BenchSettings(), ours, null, peers);
    }

    [Fact]
    public void Every_ratio_says_how_many_times_faster_ours_is_whichever_way_the_unit_points()
    {
        var peers = PeerBench.Parse("""
            {"xgboost_version": "1.7.4", "sklearn_version": "1.2.1", "numpy_version": "1.24.2",
             "xgboost_hist_train_seconds": 3.0, "xgboost_test_auc": 0.927, "xgboost_pred_contribs_rows_per_second": 8140.5,
             "sklearn_hgb_train_seconds": 0.5, "sklearn_hgb_test_auc": 0.926, "sklearn_permutation_importance_seconds": 12.0,
             "sklearn_permutation_importance_cpu_seconds": 20.0}
            """, new LoadWindow(2.0, 3.0));
        var report = Report(peers);

        // Ours: GBDT best of (2, 1, 3) = 1 s; TreeSHAP 16,281 rows in 0.5 s; PFI 4 s.
        Assert.Equal(3.0, report.GbdtVsXgboost);
        Assert.Equal(0.5, report.GbdtVsSklearn);
        Assert.Equal(16_281 / 0.5 / 8140.5, report.TreeShapVsXgboost!.Value, 12);
        Assert.Equal(3.0, report.PfiVsSklearn);
        Assert.Equal(2.0, report.Ours.GbdtTrain.BestCpu); // the CPU time of the fastest run, not of the first
        Assert.Equal(20.0, peers.Cpu.SklearnPermutationImportance);
        Assert.True(double.IsNaN(peers.Cpu.XgboostHistTrain)); // not reported by this (older) peer output

        var json = report.ToJson();
        Assert.Equal(3.0, (double)json["ratios"]!["gbdt_train_speedup_vs_xgboost_hist"]!);
        Assert.Equal(8140.5, (double)json["peers"]!["xgboost_pred_contribs_rows_per_second"]!);
        Assert.Equal(1.0, (double)json["gbdt_train_seconds"]!);
    }

    [Fact]
    public void Without_peers_every_peer_figure_and_ratio_is_null()
    {
        var json = Report(null).ToJson();

        Assert.All(json["peers"]!.AsObject(), p => Assert.Null(p.Value)); // ML.NET figures too, when not measured
        Assert.All(json["ratios"]!.AsObject(), p => Assert.Null(p.Value));
        Assert.Equal(16_281 / 0.5, (double)json["treeshap_rows_per_second"]!);
    }

    [Fact]
    public void Mlnet_figures_are_reported_as_peers_and_our_treeshap_of_its_model_as_ours()
    {
        var mlnet = new MlNetFigures(Runs(0.6, 0.42), 0.9279, Runs(77.0), 108, Runs(2.0, 4.0), 16_281, 3e-7);
        var json = (Report(null) with { MlNet = mlnet }).ToJson();

        Assert.Equal(0.42, (double)json["peers"]!["mlnet_fasttree_train_seconds"]!);
        Assert.Equal(0.9279, (double)json["peers"]!["mlnet_fasttree_auc"]!);
        Assert.Equal(77.0, (double)json["peers"]!["mlnet_pfi_seconds"]!);
        Assert.Equal(16_281 / 2.0, (double)json["treeshap_mlnet_rows_per_second"]!);
        Assert.Null(Report(null).ToJson()["treeshap_mlnet_rows_per_second"]);
    }

    private const string PeerOutput = """
        {"xgboost_hist_train_seconds": 3.0, "xgboost_test_auc": 0.927, "xgboost_pred_contribs_rows_per_second": 8000,
         "sklearn_hgb_train_seconds": 0.5, "sklearn_hgb_test_auc": 0.926, "sklearn_permutation_importance_seconds": 12.0,
         "threads": null, "omp_environment": {},
         "load": {"xgboost_hist_train": {"before": 0.5, "after": 0.75}, "xgboost_pred_contribs": {"before": 0.75, "after": 0.5},
                  "sklearn_hgb_train": {"before": 1.5, "after": 2.5}, "sklearn_permutation_importance": {"before": 2.5, "after": 1.0}}}
        """;

    [Fact]
    public void The_load_around_every_measurement_ours_and_the_peers_is_in_the_json()
    {
        var peers = PeerBench.Parse(PeerOutput, new LoadWindow(0.5, 1.0));
        var json = (Report(peers) with { Cores = 2 }).ToJson();
        var load = json["load"]!.AsObject();

        Assert.Equal(2, (int)load["cores"]!);
        // Ours: Runs(...) reads 1.0 before and 1.5 after; the peers' windows are the script's own.
        Assert.Equal(["cores", "gbdt_train", "ebm_train", "treeshap", "pfi", "stimuli", .. PeerBench.Measurements], load.Select(p => p.Key));
        Assert.Equal(1.0, (double)load["gbdt_train"]!["before"]!);
        Assert.Equal(1.5, (double)load["stimuli"]!["after"]!);
        Assert.Equal(1.5, (double)load["sklearn_hgb_train"]!["before"]!);
        Assert.Equal(2.5, (double)load["sklearn_hgb_train"]!["after"]!);
        Assert.Contains("threads library defaults", peers.Versions);
    }

    [Fact]
    public void A_busy_machine_is_warned_about_per_measurement_and_an_idle_one_is_not()
    {
        var peers = PeerBench.Parse(PeerOutput, new LoadWindow(0.5, 1.0));

        // Loads reach 2.5: above 2 cores only in the two scikit-learn measurements; above 1 core in ours too.
        var onTwo = (Report(peers) with { Cores = 2 }).BusyWarnings().ToArray();
        Assert.Equal(2, onTwo.Length);
        Assert.Contains("sklearn_hgb_train (load 1.5→2.5 on 2 cores)", onTwo[0]);
        Assert.Contains("sklearn_permutation_importance (load 2.5→1.0 on 2 cores)", onTwo[1]);
        Assert.Contains(onTwo[0], (Report(peers) with { Cores = 2 }).Context());
        Assert.Equal(7, (Report(peers) with { Cores = 1 }).BusyWarnings().Count()); // 5 of ours (after 1.5) and the 2
        Assert.Empty((Report(peers) with { Cores = 4 }).BusyWarnings());
        Assert.Empty((Report(null) with { Cores = 2 }).BusyWarnings());
    }

    [Fact]
    public void Where_other_processes_cpu_is_known_it_decides_busy_and_the_load_average_does_not()
    {
        // A two-thread run on an idle two-core machine reads load 2.8: its own threads and the lag of the average.
        var idleButLoaded = new LoadWindow(2.8, 2.8, OthersCores: 0.03);
        var busyButLightlyLoaded = new LoadWindow(0.5, 0.9, OthersCores: 0.9);

        Assert.False(idleButLoaded.IsBusy(cores: 2));
        Assert.True(busyButLightlyLoaded.IsBusy(cores: 2));
        Assert.True(new LoadWindow(2.8, 2.8).IsBusy(cores: 2)); // unknown: the load average is all there is
        Assert.Equal("load 0.5→0.9, others 0.90 cores", busyButLightlyLoaded.Note);

        var peers = PeerBench.Parse(PeerOutput.Replace("\"before\": 1.5, \"after\": 2.5}", "\"before\": 1.5, \"after\": 2.5, \"others_cores\": 0.01}", StringComparison.Ordinal), new LoadWindow(0.5, 1.0));
        var warnings = (Report(peers) with { Cores = 2 }).BusyWarnings().ToArray();
        Assert.Equal(0.01, peers.Load("sklearn_hgb_train").OthersCores);
        Assert.Equal("sklearn_permutation_importance", Assert.Single(warnings).Split(" during ")[1].Split(' ')[0]);
    }

    [Fact]
    public void Other_processes_cores_are_the_machines_busy_time_less_the_measured_cpu_over_the_wall_time()
    {
        Assert.Equal(0.5, MachineCpu.OthersCores(100.0, 103.0, ownCpuSeconds: 2.0, wallSeconds: 2.0));
        Assert.Equal(0.0, MachineCpu.OthersCores(100.0, 101.9, ownCpuSeconds: 2.0, wallSeconds: 1.0)); // tick rounding never goes negative
        Assert.Null(MachineCpu.OthersCores(null, 101.0, 1.0, 1.0));
        if (MachineCpu.BusySeconds() is { } busy) Assert.True(busy > 0);
    }

    [Fact]
    public void The_peers_get_no_thread_count_when_ours_is_their_default_and_ours_when_it_differs()
    {
        var settings = new BenchSettings { Threads = 2 };

        var atDefaults = PeerBench.Arguments("peers.py", "data", settings, cores: 2);
        var narrowed = PeerBench.Arguments("peers.py", "data", settings, cores: 8);

        Assert.DoesNotContain("--threads", atDefaults);
        Assert.Equal(["--threads", "2"], narrowed.Skip(narrowed.ToList().IndexOf("--threads")).Take(2));
        Assert.Equal(atDefaults, narrowed.Take(atDefaults.Count));
    }

    [Fact]
    public void Mlnet_ratios_divide_figures_of_the_same_run()
    {
        var mlnet = new MlNetFigures(Runs(0.6, 0.42), 0.9279, Runs(77.0), 108, Runs(2.0), 16_281, 3e-7);
        var json = (Report(null) with { MlNet = mlnet }).ToJson();

        // Ours: GBDT best 1 s, PFI 4 s (see Report).
        Assert.Equal(0.42, (double)json["ratios"]!["gbdt_train_speedup_vs_mlnet_fasttree"]!, 12);
        Assert.Equal(77.0 / 4.0, (double)json["ratios"]!["pfi_speedup_vs_mlnet_pfi"]!, 12);
    }

    [Fact]
    public void Peer_output_that_lacks_a_figure_is_rejected_with_its_name()
    {
        var error = Assert.Throws<IOException>(() => PeerBench.Parse("""{"xgboost_hist_train_seconds": 1.0}""", new LoadWindow(null, null)));
        Assert.Contains("xgboost_test_auc", error.Message);
    }
}
