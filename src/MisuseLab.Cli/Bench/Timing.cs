using System.Diagnostics;
using System.Globalization;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// One measurement: every timed run in seconds, with the machine's 1-minute load average before and after.
/// The headline is the best run: other processes can only make a run slower, so the minimum is the least
/// disturbed estimate on a shared machine; the median is kept beside it.
/// </summary>
internal sealed record Timing(IReadOnlyList<double> Seconds, IReadOnlyList<double> CpuSeconds, double? LoadBefore, double? LoadAfter)
{
    public double Best => Seconds.Min();

    /// <summary>
    /// Process CPU time (all threads) of the best run. On a loaded machine the wall time includes waiting for a
    /// core; the CPU time is the work itself, so ours and the peers' CPU times compare even when loads differ.
    /// </summary>
    public double BestCpu => CpuSeconds[Seconds.ToList().IndexOf(Best)];

    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> once untimed (JIT, caches), then <paramref name="repeats"/> times timed; returns the
    /// timing and what the last run produced (a model, explanations), so no caller keeps a nullable outside the lambda.
    /// </summary>
    public static (Timing Timing, T Result) Measure<T>(int repeats, Func<T> run)
    {
        T result = default!;
        var timing = Runs(repeats, () => result = run());
        return (timing, result);
    }

    private static Timing Runs(int repeats, Action action)
    {
        action();
        var loadBefore = LoadAverage.OneMinute();
        var seconds = new double[repeats];
        var cpu = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            // A collection left over from the previous run would otherwise land inside this one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            action();
            seconds[r] = stopwatch.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        }
        return new Timing(seconds, cpu, loadBefore, LoadAverage.OneMinute());
    }

    /// <summary>The load average around the timed runs (read after the warm-up and after the last run).</summary>
    public LoadWindow Load => new(LoadBefore, LoadAfter);

    public string LoadNote => Load.Note;
}

/// <summary>The machine's 1-minute load average before and after one measurement; null where it could not be read.</summary>
internal sealed record LoadWindow(double? Before, double? After)
{
    public string Note => Before is { } before && After is { } after
        ? string.Create(CultureInfo.InvariantCulture, $"load {before:F1}→{after:F1}")
        : "load n/a";

    /// <summary>
    /// True when more runnable work than cores was waiting before or after the measurement: its wall time then
    /// includes waiting for a core, for ours and the peers' alike.
    /// </summary>
    public bool IsBusy(int cores) => Before > cores || After > cores;
}

/// <summary>The 1-minute load average from /proc/loadavg (Linux); null elsewhere.</summary>
internal static class LoadAverage
{
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            var first = text.Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
