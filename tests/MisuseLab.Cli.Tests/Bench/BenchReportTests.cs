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
            """, 2.0, 3.0);
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

    [Fact]
    public void Peer_output_that_lacks_a_figure_is_rejected_with_its_name()
    {
        var error = Assert.Throws<IOException>(() => PeerBench.Parse("""{"xgboost_hist_train_seconds": 1.0}""", null, null));
        Assert.Contains("xgboost_test_auc", error.Message);
    }
}
