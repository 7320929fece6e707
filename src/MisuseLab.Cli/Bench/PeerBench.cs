using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// What bench/peers.py measured (xgboost and scikit-learn), with the load average around each of its measurements
/// (<see cref="Loads"/>, keyed as in <see cref="PeerBench.Measurements"/>) and around the whole script (<see cref="Run"/>).
/// </summary>
internal sealed record PeerFigures(
    double XgboostHistTrainSeconds,
    double XgboostTestAuc,
    double XgboostPredContribsRowsPerSecond,
    double SklearnHgbTrainSeconds,
    double SklearnHgbTestAuc,
    double SklearnPermutationImportanceSeconds,
    PeerCpuSeconds Cpu,
    string Versions,
    IReadOnlyDictionary<string, LoadWindow> Loads,
    LoadWindow Run)
{
    public string LoadNote => Run.Note;

    /// <summary>The load around one peer measurement; unknown (n/a) when the script did not report it.</summary>
    public LoadWindow Load(string measurement) => Loads.GetValueOrDefault(measurement) ?? new LoadWindow(null, null);
}

/// <summary>Process CPU seconds (all threads) of each peer's best run; NaN when the script did not report them.</summary>
internal sealed record PeerCpuSeconds(double XgboostHistTrain, double XgboostPredContribs, double SklearnHgbTrain, double SklearnPermutationImportance);

/// <summary>
/// Runs <c>bench/peers.py</c> with Debian's <c>/usr/bin/python3</c> (python3-xgboost, python3-sklearn) on the same
/// files, hyperparameters and repeats, after our measurements (never beside them: the two would compete for the same
/// cores). The peers run at their own defaults, as their users run them: nothing is put in their environment, and the
/// thread count is passed only when ours differs from the machine's cores (which is what the peers use by default).
/// </summary>
internal static class PeerBench
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The peers' measurements, as bench/peers.py names them in its "load" object.</summary>
    public static readonly string[] Measurements = ["xgboost_hist_train", "xgboost_pred_contribs", "sklearn_hgb_train", "sklearn_permutation_importance"];
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    public static PeerFigures Run(string script, string dataDirectory, BenchSettings settings, Action<string> log)
    {
        if (!File.Exists(Python))
            throw new IOException($"{Python} was not found. The peers run on Debian's python3 with python3-xgboost and python3-sklearn: run `bash .ci/install-deps --bench`, or pass --skip-peers.");
        if (!File.Exists(script))
            throw new IOException($"The peer script {script} was not found. Run the bench from the repository (it holds bench/peers.py), or pass --skip-peers.");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(script, dataDirectory, settings, Environment.ProcessorCount)) start.ArgumentList.Add(argument);
        log($"peers: {Python} {string.Join(' ', start.ArgumentList)}");
        var loadBefore = LoadAverage.OneMinute();
        using var process = Process.Start(start) ?? throw new IOException($"Could not start {Python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench/peers.py did not finish within {Limit.TotalMinutes} minutes; the machine may be overloaded. Re-run later or pass --skip-peers.");
        }
        var output = stdout.Result;
        var error = stderr.Result;
        if (process.ExitCode != 0)
            throw new IOException($"bench/peers.py exited with code {process.ExitCode}: {error.Trim()} Install the peers with `bash .ci/install-deps --bench`, or pass --skip-peers.");
        return Parse(output, new LoadWindow(loadBefore, LoadAverage.OneMinute()));
    }

    /// <summary>
    /// The script's command line: the same model settings and repeats as ours; <c>--threads</c> only when our thread
    /// count differs from <paramref name="cores"/>, so that by default every peer picks its own thread count.
    /// </summary>
    internal static IReadOnlyList<string> Arguments(string script, string dataDirectory, BenchSettings settings, int cores)
    {
        List<string> arguments = [script,
                     "--data-dir", dataDirectory,
                     "--repeats", Str(settings.Repeats),
                     "--trees", Str(settings.Trees),
                     "--leaves", Str(settings.Leaves),
                     "--learning-rate", Str(settings.LearningRate),
                     "--min-leaf-rows", Str(settings.MinLeafRows),
                     "--pfi-repeats", Str(settings.PfiRepeats)];
        if (settings.Threads != cores) arguments.AddRange(["--threads", Str(settings.Threads)]);
        return arguments;
    }

    internal static PeerFigures Parse(string json, LoadWindow run)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new IOException($"bench/peers.py printed something other than one JSON object ({e.Message}): {Shorten(json)}", e);
        }
        double Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new IOException($"bench/peers.py output lacks the number '{name}': {Shorten(json)}");
        double Optional(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
        string Text(string name) => root.TryGetProperty(name, out var value) ? value.ToString() : "?";
        return new PeerFigures(
            Number("xgboost_hist_train_seconds"),
            Number("xgboost_test_auc"),
            Number("xgboost_pred_contribs_rows_per_second"),
            Number("sklearn_hgb_train_seconds"),
            Number("sklearn_hgb_test_auc"),
            Number("sklearn_permutation_importance_seconds"),
            new PeerCpuSeconds(Optional("xgboost_hist_train_cpu_seconds"), Optional("xgboost_pred_contribs_cpu_seconds"),
                Optional("sklearn_hgb_train_cpu_seconds"), Optional("sklearn_permutation_importance_cpu_seconds")),
            $"xgboost {Text("xgboost_version")}, scikit-learn {Text("sklearn_version")}, numpy {Text("numpy_version")}; threads {(Text("threads") is "" or "?" ? "library defaults" : Text("threads"))}; OMP_* inherited from the environment: {Text("omp_environment")}",
            Loads(root),
            run);
    }

    private static Dictionary<string, LoadWindow> Loads(JsonElement root)
    {
        var loads = new Dictionary<string, LoadWindow>(StringComparer.Ordinal);
        if (!root.TryGetProperty("load", out var load) || load.ValueKind != JsonValueKind.Object) return loads;
        static double? Value(JsonElement window, string name) =>
            window.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        foreach (var measurement in load.EnumerateObject())
        {
            if (measurement.Value.ValueKind == JsonValueKind.Object)
                loads[measurement.Name] = new LoadWindow(Value(measurement.Value, "before"), Value(measurement.Value, "after"), Value(measurement.Value, "others_cores"));
        }
        return loads;
    }

    private static string Str(double value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Shorten(string text) => text.Length <= 300 ? text.Trim() : text[..300] + "…";
}
