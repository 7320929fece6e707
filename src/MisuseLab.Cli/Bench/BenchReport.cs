using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// Page latency percentiles over every request the bots made, and over the study's own requests (outside /account/,
/// so without registration's and login's password hashing); null when not measured.
/// </summary>
internal sealed record LatencyFigures(
    double P50Milliseconds, double P99Milliseconds, double StudyP50Milliseconds, double StudyP99Milliseconds,
    int Requests, int Bots, double Seconds, LoadWindow Load);

/// <summary>
/// Everything one bench run measured; renders the JSON object and the comparison table. Every ratio divides two
/// figures of this report, so a peer figure is always one measured in the same run as ours, never a stored one.
/// </summary>
internal sealed record BenchReport(BenchSettings Settings, LearningFigures Ours, LatencyFigures? Latency, PeerFigures? Peers, MlNetFigures? MlNet = null)
{
    /// <summary>The cores the load average is compared with (a report made elsewhere, e.g. in a test, sets its own).</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>Burst, paced and throughput figures of participants joining by link (issue 19); null when not measured.</summary>
    public PageLoadFigures? PageLoad { get; init; }

    /// <summary>Simultaneous remedy submissions and the launch's precompute time (issue 17); null when not measured.</summary>
    public RemedyFigures? Remedy { get; init; }

    // Every ratio is "times faster than the peer": > 1 means ours is faster, whichever way the raw unit points.
    public double? GbdtVsXgboost => Peers is null ? null : Peers.XgboostHistTrainSeconds / Ours.GbdtTrain.Best;
    public double? GbdtVsSklearn => Peers is null ? null : Peers.SklearnHgbTrainSeconds / Ours.GbdtTrain.Best;
    public double? TreeShapVsXgboost => Peers is null ? null : Ours.TreeShapRowsPerSecond / Peers.XgboostPredContribsRowsPerSecond;
    public double? PfiVsSklearn => Peers is null ? null : Peers.SklearnPermutationImportanceSeconds / Ours.Pfi.Best;
    public double? GbdtVsMlNet => MlNet is null ? null : MlNet.FastTreeTrain.Best / Ours.GbdtTrain.Best;
    public double? PfiVsMlNet => MlNet is null ? null : MlNet.Pfi.Best / Ours.Pfi.Best;

    /// <summary>Every measurement's load window, in report order, keyed as in the JSON's "load" object; absent when not measured.</summary>
    public IEnumerable<(string Measurement, LoadWindow Load)> Loads()
    {
        yield return ("gbdt_train", Ours.GbdtTrain.Load);
        yield return ("ebm_train", Ours.EbmTrain.Load);
        yield return ("treeshap", Ours.TreeShap.Load);
        yield return ("pfi", Ours.Pfi.Load);
        yield return ("stimuli", Ours.Stimuli.Load);
        if (MlNet is { } m)
        {
            yield return ("mlnet_fasttree_train", m.FastTreeTrain.Load);
            yield return ("mlnet_pfi", m.Pfi.Load);
            yield return ("treeshap_mlnet", m.TreeShap.Load);
        }
        if (Latency is { } l) yield return ("page_latency", l.Load);
        if (PageLoad is { } pl)
        {
            yield return ("page_load_paced", pl.Paced.Load);
            yield return ("page_load_steps", new LoadWindow(pl.Steps[0].Phase.Load.Before, pl.Steps[^1].Phase.Load.After, pl.Steps.Max(step => step.Phase.Load.OthersCores)));
        }
        if (Remedy is { } r) yield return ("remedy", r.Load);
        if (Peers is { } p)
            foreach (var name in PeerBench.Measurements) yield return (name, p.Load(name));
    }

    /// <summary>
    /// One warning line per measurement taken while the machine was busy (other processes took CPU; see
    /// <see cref="LoadWindow.IsBusy"/>). The figures are
    /// reported as measured: a busy machine is named, never compensated for by changing a peer's settings.
    /// </summary>
    public IEnumerable<string> BusyWarnings() => Loads()
        .Where(m => m.Load.IsBusy(Cores))
        .Select(m => Inv($"WARNING: the machine was busy during {m.Measurement} ({m.Load.Note} on {Cores} cores): its wall time includes waiting for a core; re-run on an idle machine before comparing with the peers."));

    /// <summary>The documented JSON object, exactly these keys; unmeasured figures are null.</summary>
    public JsonObject ToJson() => new()
    {
        ["gbdt_train_seconds"] = Ours.GbdtTrain.Best,
        ["ebm_train_seconds"] = Ours.EbmTrain.Best,
        ["treeshap_rows_per_second"] = Ours.TreeShapRowsPerSecond,
        ["treeshap_additivity_max_abs_error"] = Ours.TreeShapAdditivityMaxAbsError,
        ["pfi_seconds"] = Ours.Pfi.Best,
        ["treeshap_mlnet_rows_per_second"] = MlNet?.TreeShapRowsPerSecond,
        ["stimuli_seconds"] = Ours.Stimuli.Best,
        ["page_latency_ms"] = new JsonObject
        {
            ["p50"] = Latency?.P50Milliseconds,
            ["p99"] = Latency?.P99Milliseconds,
            ["study_pages_p50"] = Latency?.StudyP50Milliseconds,
            ["study_pages_p99"] = Latency?.StudyP99Milliseconds,
        },
        ["page_load"] = PageLoadJson(),
        ["remedy"] = RemedyJson(Remedy),
        ["peers"] = new JsonObject
        {
            ["xgboost_hist_train_seconds"] = Peers?.XgboostHistTrainSeconds,
            ["xgboost_pred_contribs_rows_per_second"] = Peers?.XgboostPredContribsRowsPerSecond,
            ["sklearn_hgb_train_seconds"] = Peers?.SklearnHgbTrainSeconds,
            ["sklearn_permutation_importance_seconds"] = Peers?.SklearnPermutationImportanceSeconds,
            ["mlnet_fasttree_train_seconds"] = MlNet?.FastTreeTrain.Best,
            ["mlnet_fasttree_auc"] = MlNet?.FastTreeTestAuc,
            ["mlnet_pfi_seconds"] = MlNet?.Pfi.Best,
        },
        ["ratios"] = new JsonObject
        {
            ["gbdt_train_speedup_vs_xgboost_hist"] = GbdtVsXgboost,
            ["gbdt_train_speedup_vs_sklearn_hgb"] = GbdtVsSklearn,
            ["treeshap_speedup_vs_xgboost_pred_contribs"] = TreeShapVsXgboost,
            ["pfi_speedup_vs_sklearn_permutation_importance"] = PfiVsSklearn,
            ["gbdt_train_speedup_vs_mlnet_fasttree"] = GbdtVsMlNet,
            ["pfi_speedup_vs_mlnet_pfi"] = PfiVsMlNet,
        },
        ["load"] = LoadJson(),
    };

    /// <summary>
    /// {"burst": {…}, "paced": {…}, "study_pages_max_rps", "study_pages_cpu_seconds_per_request", "steps": [...]}: client-side
    /// milliseconds; join = /join/ and /resume/ requests, study pages = /study/ requests (pages, forms, autosaves).
    /// </summary>
    private JsonObject PageLoadJson() => PageLoadJson(PageLoad);

    internal static JsonObject PageLoadJson(PageLoadFigures? p)
    {
        var best = p?.Best;
        return new JsonObject
        {
            ["burst"] = new JsonObject
            {
                ["join_p50_ms"] = p?.Burst.JoinP50Milliseconds,
                ["join_p99_ms"] = p?.Burst.JoinP99Milliseconds,
                ["study_pages_p50_ms"] = p?.Burst.PageP50Milliseconds,
                ["study_pages_p99_ms"] = p?.Burst.PageP99Milliseconds,
                ["completed"] = p?.Burst.Completed,
                ["seconds"] = p?.Burst.Seconds,
            },
            ["paced"] = new JsonObject
            {
                ["study_pages_p50_ms"] = p?.Paced.PageP50Milliseconds,
                ["study_pages_p99_ms"] = p?.Paced.PageP99Milliseconds,
                ["study_pages_rps"] = p?.Paced.PageRequestsPerSecond,
                ["completed"] = p?.Paced.Completed,
                ["in_study_at_end"] = p?.Paced.Stopped,
                ["seconds"] = p?.Paced.Seconds,
            },
            ["study_pages_max_rps"] = best?.Phase.PageRequestsPerSecond,
            ["study_pages_cpu_seconds_per_request"] = best?.Phase.CpuSecondsPerRequest,
            ["steps"] = p is null ? null : new JsonArray([.. p.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["offered_page_actions_per_second"] = s.OfferedPagesPerSecond,
                ["study_pages_rps"] = s.Phase.PageRequestsPerSecond,
                ["study_pages_p99_ms"] = s.Phase.PageP99Milliseconds,
                ["cpu_seconds_per_request"] = s.Phase.CpuSecondsPerRequest,
            })]),
        };
    }

    /// <summary>
    /// {"submit_p50_ms", "submit_p95_ms", "submit_max_ms", "submissions", "precompute_seconds", "precomputed"}: client-side
    /// milliseconds of the remedy page's POST, every participant submitting at once; seconds launch took to score the menu's
    /// combinations and how many it stored.
    /// </summary>
    internal static JsonObject RemedyJson(RemedyFigures? r) => new()
    {
        ["submit_p50_ms"] = r?.SubmitP50Milliseconds,
        ["submit_p95_ms"] = r?.SubmitP95Milliseconds,
        ["submit_max_ms"] = r?.SubmitMaxMilliseconds,
        ["submissions"] = r?.Submissions,
        ["precompute_seconds"] = r?.PrecomputeSeconds,
        ["precomputed"] = r?.Precomputed,
    };

    /// <summary>{"cores": N, "&lt;measurement&gt;": {"before": x, "after": y}, …}: the 1-minute load average around each measurement.</summary>
    /// <summary>One measurement's entry of the "load" object.</summary>
    internal static JsonObject WindowJson(LoadWindow load) => new() { ["before"] = load.Before, ["after"] = load.After, ["others_cores"] = load.OthersCores };

    private JsonObject LoadJson()
    {
        var json = new JsonObject { ["cores"] = Cores };
        foreach (var (name, load) in Loads()) json[name] = WindowJson(load);
        return json;
    }

    /// <summary>How the figures were taken, for stderr (the JSON stays exactly the documented shape).</summary>
    public IEnumerable<string> Context()
    {
        var s = Settings;
        yield return Inv($"timing: best (minimum) of {s.Repeats} run(s) after one warm-up, Stopwatch; threads: {s.Threads} (ours and peers); cores: {Environment.ProcessorCount}; .NET {Environment.Version}");
        yield return Inv($"GBDT: {s.Trees} trees, {s.Leaves} leaves, learning rate {s.LearningRate}, ≥{s.MinLeafRows} rows per leaf, 255 bins; test AUC ours {Ours.GbdtTestAuc:F4}")
            + (Peers is null ? "" : Inv($", xgboost {Peers.XgboostTestAuc:F4}, scikit-learn {Peers.SklearnHgbTestAuc:F4}"));
        yield return Inv($"EBM test AUC {Ours.EbmTestAuc:F4}; stimuli built: {Ours.StimulusCount} from {Path.GetFileName(s.StudyPath)}");
        yield return Inv($"ours, best run wall / CPU s (load before→after): GBDT {Ours.GbdtTrain.Best:F3} / {Ours.GbdtTrain.BestCpu:F2} ({Ours.GbdtTrain.LoadNote}), EBM {Ours.EbmTrain.Best:F3} / {Ours.EbmTrain.BestCpu:F2} ({Ours.EbmTrain.LoadNote}), TreeSHAP {Ours.TreeShap.Best:F3} / {Ours.TreeShap.BestCpu:F2} ({Ours.TreeShap.LoadNote}), PFI {Ours.Pfi.Best:F3} / {Ours.Pfi.BestCpu:F2} ({Ours.Pfi.LoadNote}), stimuli {Ours.Stimuli.Best:F3} / {Ours.Stimuli.BestCpu:F2} ({Ours.Stimuli.LoadNote})");
        if (Peers is { } p)
            yield return Inv($"peers, best run wall / CPU s: xgboost hist {p.XgboostHistTrainSeconds:F3} / {p.Cpu.XgboostHistTrain:F2}, pred_contribs {Ours.TreeShapRows / p.XgboostPredContribsRowsPerSecond:F3} / {p.Cpu.XgboostPredContribs:F2}, sklearn HGB {p.SklearnHgbTrainSeconds:F3} / {p.Cpu.SklearnHgbTrain:F2}, permutation_importance {p.SklearnPermutationImportanceSeconds:F3} / {p.Cpu.SklearnPermutationImportance:F2}");
        if (Peers is not null) yield return $"peers: {Peers.Versions}; {Peers.LoadNote}";
        if (MlNet is { } m)
            yield return Inv($"ML.NET (in-process, same settings), best run wall / CPU s (load): FastTree training {m.FastTreeTrain.Best:F3} / {m.FastTreeTrain.BestCpu:F2} ({m.FastTreeTrain.LoadNote}), test AUC {m.FastTreeTestAuc:F4}; PermutationFeatureImportance over {m.PfiSlots} slots {m.Pfi.Best:F3} / {m.Pfi.BestCpu:F2} ({m.Pfi.LoadNote}); our TreeSHAP of it {m.TreeShap.Best:F3} / {m.TreeShap.BestCpu:F2} ({m.TreeShapRowsPerSecond:N0} rows/s, additivity vs Score {m.TreeShapAdditivityMaxAbsError:E1})");
        if (Latency is { } l)
            yield return Inv($"page latency: {l.Requests:N0} requests by {l.Bots} concurrent bots in {l.Seconds:F1} s ({l.Requests / l.Seconds:F0}/s), client-side; p50 / p99 all {l.P50Milliseconds:F1} / {l.P99Milliseconds:F1} ms, study pages without /account/ {l.StudyP50Milliseconds:F1} / {l.StudyP99Milliseconds:F1} ms; {l.Load.Note}");
        if (PageLoad is { } pl)
        {
            yield return Inv($"page load (link sign-in): burst {pl.Burst.Completed} bots, join p50/p99 {pl.Burst.JoinP50Milliseconds:F1}/{pl.Burst.JoinP99Milliseconds:F1} ms, study pages {pl.Burst.PageP50Milliseconds:F1}/{pl.Burst.PageP99Milliseconds:F1} ms; paced study pages {pl.Paced.PageP50Milliseconds:F1}/{pl.Paced.PageP99Milliseconds:F1} ms ({pl.Paced.Load.Note})");
            yield return pl.Best is { } best
                ? Inv($"page load: max sustained {best.Phase.PageRequestsPerSecond:F0} study-page requests/s at p99 {best.Phase.PageP99Milliseconds:F1} ms (≤ {PageLoadFigures.MaxRpsP99Milliseconds} ms), server CPU {best.Phase.CpuSecondsPerRequest * 1000:F2} ms/request, over {pl.Steps.Count} steps")
                : Inv($"page load: no throughput step kept study pages' p99 within {PageLoadFigures.MaxRpsP99Milliseconds} ms");
        }
        if (Remedy is { } r)
            yield return Inv($"remedy ({r.Study}): {r.Submissions} participants submitting at once, POST p50/p95/max {r.SubmitP50Milliseconds:F1}/{r.SubmitP95Milliseconds:F1}/{r.SubmitMaxMilliseconds:F1} ms; launch precomputed {r.Precomputed} scores in {r.PrecomputeSeconds:F1} s ({r.Load.Note})");
        foreach (var warning in BusyWarnings()) yield return warning;
    }

    public void WriteTable(IAnsiConsole console)
    {
        var table = new Table().Title("misuselab bench").AddColumns("measurement", "ours", "peer", "peer value", "ours faster ×", "target", "CPU s ours / peer", "runs (median)", "load");
        foreach (var i in new[] { 1, 3, 4, 6, 7 }) table.Columns[i].RightAligned();
        var p = Peers;
        AddRow(table, "GBDT training", Sec(Ours.GbdtTrain.Best), "xgboost hist", p is null ? "—" : Sec(p.XgboostHistTrainSeconds), GbdtVsXgboost, "≥ 1", 1, Ours.GbdtTrain, p?.Cpu.XgboostHistTrain, p?.Load("xgboost_hist_train"));
        AddRow(table, "", "", "sklearn HistGB", p is null ? "—" : Sec(p.SklearnHgbTrainSeconds), GbdtVsSklearn, "", null, null, p?.Cpu.SklearnHgbTrain, p?.Load("sklearn_hgb_train"));
        AddRow(table, "EBM training", Sec(Ours.EbmTrain.Best), "—", "—", null, "< 10 s", Ours.EbmTrain.Best < 10 ? 1 : 0, Ours.EbmTrain, null, absolute: true);
        AddRow(table, "TreeSHAP (rows/s)", Inv($"{Ours.TreeShapRowsPerSecond:N0}"), "xgboost pred_contribs", p is null ? "—" : Inv($"{p.XgboostPredContribsRowsPerSecond:N0}"), TreeShapVsXgboost, "≥ 3", 3, Ours.TreeShap, p?.Cpu.XgboostPredContribs, p?.Load("xgboost_pred_contribs"));
        table.AddRow("TreeSHAP additivity", Inv($"{Ours.TreeShapAdditivityMaxAbsError:E1}"), "", "", "", "", "", "", "");
        AddRow(table, "PFI (5 repeats)", Sec(Ours.Pfi.Best), "sklearn permutation_importance", p is null ? "—" : Sec(p.SklearnPermutationImportanceSeconds), PfiVsSklearn, "≥ 2", 2, Ours.Pfi, p?.Cpu.SklearnPermutationImportance, p?.Load("sklearn_permutation_importance"));
        if (MlNet is { } m)
        {
            AddRow(table, "GBDT training", Sec(Ours.GbdtTrain.Best), "ML.NET FastTree", Sec(m.FastTreeTrain.Best), GbdtVsMlNet, "", null, null, m.FastTreeTrain.BestCpu, m.FastTreeTrain.Load);
            AddRow(table, "PFI", Sec(Ours.Pfi.Best), $"ML.NET PFI ({m.PfiSlots} slots)", Sec(m.Pfi.Best), PfiVsMlNet, "", null, null, m.Pfi.BestCpu, m.Pfi.Load);
            AddRow(table, "TreeSHAP of ML.NET model (rows/s)", Inv($"{m.TreeShapRowsPerSecond:N0}"), "—", "—", null, "", null, m.TreeShap, null);
        }
        AddRow(table, "Stimulus building", Sec(Ours.Stimuli.Best), "—", "—", null, "", null, Ours.Stimuli, null);
        if (Latency is { } l)
        {
            table.AddRow(Inv($"Page latency p50 / p99, {l.Bots} bots"), Inv($"{l.P50Milliseconds:F1} / {l.P99Milliseconds:F1} ms"), "—", "—", "", "", "", Inv($"{l.Requests:N0} requests"), l.Load.Note);
            table.AddRow("  study pages (no login)", Inv($"{l.StudyP50Milliseconds:F1} / {l.StudyP99Milliseconds:F1} ms"), "", "", "", "", "", "", "");
        }
        else
            table.AddRow("Page latency p50 / p99", "not measured", "", "", "", "", "", "", "");
        if (PageLoad is { } pl)
        {
            table.AddRow("  burst: join p99 (link)", Inv($"{pl.Burst.JoinP99Milliseconds:F1} ms"), "", "", "", Met("≤ 1000 ms", pl.Burst.JoinP99Milliseconds <= 1000), "", "", pl.Burst.Load.Note);
            table.AddRow("  burst: study pages p99", Inv($"{pl.Burst.PageP99Milliseconds:F1} ms"), "", "", "", Met("≤ 500 ms", pl.Burst.PageP99Milliseconds <= 500), "", "", "");
            table.AddRow("  paced: study pages p99", Inv($"{pl.Paced.PageP99Milliseconds:F1} ms"), "", "", "", Met("≤ 50 ms", pl.Paced.PageP99Milliseconds <= 50), "", "", pl.Paced.Load.Note);
            var best = pl.Best;
            table.AddRow("  study pages max rps (p99 ≤ 100 ms)", best is null ? "none" : Inv($"{best.Phase.PageRequestsPerSecond:F0}/s"), "", "", "",
                Met("≥ 1500/s", best?.Phase.PageRequestsPerSecond >= 1500), best is null ? "" : Inv($"{best.Phase.CpuSecondsPerRequest * 1000:F2} ms/req (server)"), Inv($"{pl.Steps.Count} steps"), "");
        }
        if (Remedy is { } r)
        {
            table.AddRow(Inv($"Remedy submit p50 / p95, {r.Submissions} at once"), Inv($"{r.SubmitP50Milliseconds:F1} / {r.SubmitP95Milliseconds:F1} ms"), "—", "—", "",
                Met("p95 ≤ 1000 ms", r.SubmitP95Milliseconds <= RemedyFigures.TargetP95Milliseconds), "", "", r.Load.Note);
            table.AddRow("  remedy precompute at launch", Inv($"{r.PrecomputeSeconds:F1} s"), "", "", "", "", "", Inv($"{r.Precomputed} scores"), "");
        }
        if (p is not null) table.AddRow("peers run", "", "", "", "", "", "", "", p.LoadNote);
        console.Write(table);
    }

    private static void AddRow(Table table, string name, string ours, string peer, string peerValue, double? ratio, string target, double? threshold, Timing? timing, double? peerCpu, LoadWindow? peerLoad = null, bool absolute = false)
    {
        var ratioText = ratio is { } r ? Inv($"{r:F2}") : "—";
        var targetText = target;
        if (threshold is { } t && target.Length > 0)
        {
            var met = absolute ? t >= 1 : ratio is { } x && x >= t;
            var known = absolute || ratio is not null;
            targetText = known ? $"{target} {(met ? "[green]met[/]" : "[red]missed[/]")}" : target;
        }
        var runs = timing is null ? "" : Inv($"{timing.Seconds.Count} ({timing.Median:F3} s)");
        var cpu = (timing is null ? "" : Inv($"{timing.BestCpu:F2}")) + (peerCpu is { } c ? Inv($" / {c:F2}") : "");
        var load = (timing?.LoadNote ?? "") + (peerLoad is { } pl ? $"{(timing is null ? "" : "; ")}peer {pl.Note}" : "");
        table.AddRow(Markup.Escape(name), ours, Markup.Escape(peer), peerValue, ratioText, targetText, cpu, runs, load);
    }

    private static string Met(string target, bool met) => $"{target} {(met ? "[green]met[/]" : "[red]missed[/]")}";

    private static string Sec(double seconds) => Inv($"{seconds:F3} s");
    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
