using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using MisuseLab.Cli.Bench;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Learning.Boosting;
using MisuseLab.Study.Adult;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Cli.Commands;

/// <summary>
/// <c>misuselab bench [--json] [--data-dir D] [--skip-peers] [--repeats N] [--threads T] [--study FILE] [--bots B] [--paced-seconds S] [--step-seconds S]</c>:
/// times GBDT and EBM training, TreeSHAP, permutation importance, stimulus building and page latency on UCI Adult,
/// runs bench/peers.py (xgboost, scikit-learn) on the same data and settings, and prints both with their ratios.
/// Progress and the measuring conditions go to stderr, so <c>--json</c> output is exactly one object.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var dataDir = DataCommand.DataDirOption();
        var skipPeers = new Option<bool>("--skip-peers") { Description = "Do not run bench/peers.py (xgboost, scikit-learn); their figures and ratios are null. ML.NET runs in-process and is always measured." };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per measurement after one warm-up; the best is reported.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "Threads for every trainer and explainer, ours and the peers'.", DefaultValueFactory = _ => 2 };
        var study = new Option<FileInfo?>("--study") { Description = "Study file whose stimuli are built (default: studies/kaur2020.json)." };
        var bots = new Option<int>("--bots") { Description = "Simulated participants in flight for the page-load measurements (burst, paced, throughput).", DefaultValueFactory = _ => 200 };
        var pacedSeconds = new Option<int>("--paced-seconds") { Description = "Length of the paced page-load run (participants think 2–8 s per page).", DefaultValueFactory = _ => 120 };
        var stepSeconds = new Option<int>("--step-seconds") { Description = "Length of each step of the study-page throughput search.", DefaultValueFactory = _ => 15 };
        // Tests only: a short paced run with the 2–8 s think time would hardly reach a study page.
        var thinkMs = new Option<string>("--think-ms") { Description = "Paced think time per page, MIN-MAX milliseconds.", DefaultValueFactory = _ => "2000-8000", Hidden = true };
        // For quick checks and tests only: results on a few rows say nothing about performance.
        var rows = new Option<int?>("--rows") { Description = "Use only the first N rows of each split (quick check; not comparable with peers).", Hidden = true };
        var skipLatency = new Option<bool>("--skip-latency") { Description = "Do not start the web app; page latency is null.", Hidden = true };
        var allowDebug = new Option<bool>("--allow-debug") { Description = "Run even from a Debug build (figures are meaningless).", Hidden = true };
        var warmupBots = new Option<int>("--warmup-bots") { Description = "Participants who go through the study unmeasured before the burst (0: the burst meets a freshly started server)." };
        var only = new Option<string?>("--only") { Description = "Run one measurement alone: page_load (the web app under bots; prints {\"page_load\": …, \"load\": …}) or remedy (simultaneous remedy submissions; prints {\"remedy\": …, \"load\": …})." };
        only.AcceptOnlyFromAmong(OnlyPageLoad, OnlyRemedy);
        var remedyParticipants = new Option<int>("--remedy-participants") { Description = "Participants who submit their remedy choices at the same moment (remedy bench).", DefaultValueFactory = _ => 50 };
        var remedyStudy = new Option<FileInfo?>("--remedy-study") { Description = "Study file with a remedy page for the remedy bench (default: studies/kaur2020-utility.json)." };

        var command = new Command("bench", "Measure training, explanation and page speed on UCI Adult beside xgboost and scikit-learn.");
        foreach (var option in (Option[])[json, dataDir, skipPeers, repeats, threads, study, bots, pacedSeconds, stepSeconds, thinkMs, rows, skipLatency, allowDebug, only, warmupBots, remedyParticipants, remedyStudy]) command.Options.Add(option);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, output =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            void Log(string message) => error.WriteLine($"bench: {message}");

            if (IsOptimizationDisabled())
            {
                if (!parseResult.GetValue(allowDebug))
                    throw new ArgumentException("This misuselab was built in Debug (JIT optimisation off), so its timings would be meaningless. Run `dotnet run -c Release --project src/MisuseLab.Cli -- bench`.");
                Log("WARNING: DEBUG BUILD — JIT optimisation is off; these figures are not performance figures.");
            }
            var settings = new BenchSettings
            {
                Repeats = parseResult.GetValue(repeats),
                Threads = parseResult.GetValue(threads),
                Bots = parseResult.GetValue(bots),
                WarmupBots = parseResult.GetValue(warmupBots),
                PacedSeconds = parseResult.GetValue(pacedSeconds),
                StepSeconds = parseResult.GetValue(stepSeconds),
                ThinkMin = ThinkTime(parseResult.GetValue(thinkMs)!).Min,
                ThinkMax = ThinkTime(parseResult.GetValue(thinkMs)!).Max,
                Rows = parseResult.GetValue(rows),
                StudyPath = parseResult.GetValue(study)?.FullName ?? DefaultStudy(),
                RemedyParticipants = parseResult.GetValue(remedyParticipants),
                RemedyStudyPath = parseResult.GetValue(remedyStudy)?.FullName ?? Path.Combine(StudiesDirectory("Pass --remedy-study FILE."), "kaur2020-utility.json"),
                SkipPeers = parseResult.GetValue(skipPeers),
                SkipLatency = parseResult.GetValue(skipLatency),
            };
            settings.Validate();
            if (settings.Rows is not null && !settings.SkipPeers)
                throw new ArgumentException("--rows measures a truncated data set that the peers do not use; add --skip-peers.");
            if (!File.Exists(settings.StudyPath))
                throw new IOException($"Study file {settings.StudyPath} was not found. Pass --study FILE.");
            if (!File.Exists(settings.RemedyStudyPath))
                throw new IOException($"Study file {settings.RemedyStudyPath} was not found. Pass --remedy-study FILE.");

            var directory = AdultDataLocator.Resolve(parseResult.GetValue(dataDir));
            if (parseResult.GetValue(only) == OnlyPageLoad)
            {
                return PageLoadOnly(settings, directory, parseResult.GetValue(json), output, Log);
            }
            if (parseResult.GetValue(only) == OnlyRemedy)
            {
                return RemedyOnly(settings, directory, parseResult.GetValue(json), output, Log);
            }
            var data = LearningBench.Truncate(AdultLoader.Load(directory), settings.Rows);
            Log($"data: {directory} ({data.Train.RowCount:N0} training, {data.Test.RowCount:N0} test rows); load {LoadAverage.OneMinute():F1}");
            var ours = LearningBench.Run(data, directory, settings, Log);
            var mlnet = MlNetBench.Run(data, settings, Log);

            LatencyFigures? latency = null;
            PageLoadFigures? pageLoad = null;
            if (!settings.SkipLatency)
            {
                Log($"page load: {settings.Bots} bots joining by link, against the web app in its own process");
                (latency, pageLoad) = PageLatencyBench.Run(settings, directory, Path.Combine(StudiesDirectory("Run bench inside the repository."), PageLatencyBench.Study + ".json"), Log);
            }

            RemedyFigures? remedy = null;
            if (!settings.SkipLatency)
            {
                Log($"remedy: {settings.RemedyParticipants} bots submitting remedy choices at once, against the web app in its own process");
                remedy = RemedyBench.Run(settings, directory, Log);
            }

            PeerFigures? peers = null;
            if (!settings.SkipPeers)
            {
                var script = Path.Combine(AdultDataLocator.FindRepositoryRoot() ?? Directory.GetCurrentDirectory(), "bench", "peers.py");
                peers = PeerBench.Run(script, directory, settings, Log);
            }

            var report = new BenchReport(settings, ours, latency, peers, mlnet) { PageLoad = pageLoad, Remedy = remedy };
            foreach (var line in report.Context()) Log(line);
            if (parseResult.GetValue(json)) CommandRunner.WriteJson(output, report.ToJson());
            else report.WriteTable(CommandRunner.Console(output));
            return CommandRunner.Success;
        }));
        return command;
    }

    private const string OnlyPageLoad = "page_load";

    // The page-load measurements alone (minutes instead of the learning bench's quarter hour): for comparing a change
    // to page serving before and after under the same conditions.
    private static int PageLoadOnly(BenchSettings settings, string dataDirectory, bool json, TextWriter output, Action<string> log)
    {
        log($"page load only: {settings.Bots} bots joining by link, against the web app in its own process; load {LoadAverage.OneMinute():F1}");
        var (_, pageLoad) = PageLatencyBench.Run(settings, dataDirectory, Path.Combine(StudiesDirectory("Run bench inside the repository."), PageLatencyBench.Study + ".json"), log);
        var load = new JsonObject { ["cores"] = Environment.ProcessorCount };
        foreach (var (name, window) in new[] { ("burst", pageLoad.Burst.Load), ("paced", pageLoad.Paced.Load) }.Concat(pageLoad.Steps.Select(s => ($"step_{s.OfferedPagesPerSecond:F0}", s.Phase.Load))))
        {
            load[name] = BenchReport.WindowJson(window);
        }
        if (json)
        {
            CommandRunner.WriteJson(output, new JsonObject { ["page_load"] = BenchReport.PageLoadJson(pageLoad), ["load"] = load });
        }
        else
        {
            output.WriteLine(BenchReport.PageLoadJson(pageLoad).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        return CommandRunner.Success;
    }

    private const string OnlyRemedy = "remedy";

    // The remedy measurement alone: launch (with its precompute) and one burst of simultaneous submissions.
    private static int RemedyOnly(BenchSettings settings, string dataDirectory, bool json, TextWriter output, Action<string> log)
    {
        log($"remedy only: {settings.RemedyParticipants} bots submitting remedy choices at once; load {LoadAverage.OneMinute():F1}");
        var remedy = RemedyBench.Run(settings, dataDirectory, log);
        var result = new JsonObject
        {
            ["remedy"] = BenchReport.RemedyJson(remedy),
            ["load"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["remedy"] = BenchReport.WindowJson(remedy.Load) },
        };
        if (json) CommandRunner.WriteJson(output, result);
        else output.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return CommandRunner.Success;
    }

    /// <summary>"MIN-MAX" milliseconds, e.g. 2000-8000.</summary>
    private static (TimeSpan Min, TimeSpan Max) ThinkTime(string text)
    {
        var parts = text.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var min) && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var max)
            ? (TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(max))
            : throw new ArgumentException($"--think-ms: expected MIN-MAX in milliseconds, e.g. 2000-8000; found '{text}'.");
    }

    private static string DefaultStudy() => Path.Combine(StudiesDirectory("Pass --study FILE."), "kaur2020.json");

    /// <summary>The repository's studies/ folder, above the current directory or else above this program.</summary>
    private static string StudiesDirectory(string remedy) =>
        StudyFiles.FindStudiesDirectory() ?? StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)
        ?? throw new IOException($"No studies/ folder found above the current directory (looked for MisuseLab.sln). {remedy}");

    /// <summary>True when the learning core was compiled without optimisation (a Debug build).</summary>
    internal static bool IsOptimizationDisabled() =>
        typeof(GbdtTrainer).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
}
