using System.Diagnostics;
using System.Globalization;

namespace MisuseLab.Cli.Bench;

/// <summary>
/// One measurement: every timed run in seconds, with the machine's 1-minute load average before and after and the CPU
/// other processes used during the best run (<see cref="OthersCores"/>).
/// The headline is the best run: other processes can only make a run slower, so the minimum is the least
/// disturbed estimate on a shared machine; the median is kept beside it.
/// </summary>
internal sealed record Timing(IReadOnlyList<double> Seconds, IReadOnlyList<double> CpuSeconds, double? LoadBefore, double? LoadAfter, IReadOnlyList<double?>? OthersCores = null)
{
    public double Best => Seconds.Min();

    private int BestIndex => Seconds.ToList().IndexOf(Best);

    /// <summary>
    /// Process CPU time (all threads) of the best run. On a loaded machine the wall time includes waiting for a
    /// core; the CPU time is the work itself, so ours and the peers' CPU times compare even when loads differ.
    /// </summary>
    public double BestCpu => CpuSeconds[BestIndex];

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
        var others = new double?[repeats];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            // A collection left over from the previous run would otherwise land inside this one.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var machineBefore = MachineCpu.BusySeconds();
            var stopwatch = Stopwatch.StartNew();
            action();
            seconds[r] = stopwatch.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            others[r] = MachineCpu.OthersCores(machineBefore, MachineCpu.BusySeconds(), cpu[r], seconds[r]);
        }
        return new Timing(seconds, cpu, loadBefore, LoadAverage.OneMinute(), others);
    }

    /// <summary>The load average around the timed runs (read after the warm-up and after the last run).</summary>
    public LoadWindow Load => new(LoadBefore, LoadAfter, OthersCores?[BestIndex]);

    public string LoadNote => Load.Note;
}

/// <summary>
/// How busy the machine was around one measurement: the 1-minute load average before and after (null where it could
/// not be read), and the CPU that processes other than the measured ones used during it, in cores
/// (<see cref="MachineCpu"/>; null where unknown).
/// </summary>
internal sealed record LoadWindow(double? Before, double? After, double? OthersCores = null)
{
    /// <summary>Other processes' CPU above this, in cores, is more than background noise (a tick of /proc/stat is 10 ms).</summary>
    public const double BusyOthersCores = 0.25;

    public string Note => (Before is { } before && After is { } after
        ? string.Create(CultureInfo.InvariantCulture, $"load {before:F1}→{after:F1}")
        : "load n/a") + (OthersCores is { } o ? string.Create(CultureInfo.InvariantCulture, $", others {o:F2} cores") : "");

    /// <summary>
    /// True when other processes took CPU the measurement could have used: its wall time then includes waiting for a
    /// core. Judged by <see cref="OthersCores"/> where known, because the load average counts the measurement's own
    /// threads and lags by a minute, so it reads "busy" on an idle machine right after a two-thread run. Without it,
    /// more runnable work than cores before or after is the best sign there is.
    /// </summary>
    public bool IsBusy(int cores) => OthersCores is { } others ? others > BusyOthersCores : Before > cores || After > cores;
}

/// <summary>
/// CPU time the whole machine spent busy, from /proc/stat (Linux), to tell how much of a measurement's window other
/// processes took: machine busy time minus the measured processes' own CPU time, over the wall time.
/// </summary>
internal static class MachineCpu
{
    // USER_HZ: /proc/stat counts in ticks of 1/100 s on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of busy CPU summed over every core since boot (user, nice, system, irq, softirq, steal); null elsewhere.</summary>
    public static double? BusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 9 } || fields[0] != "cpu") return null;
            long Tick(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            // Fields 4 and 5 are idle and iowait: a core waiting for the disk is not one taken from us.
            return (Tick(1) + Tick(2) + Tick(3) + Tick(6) + Tick(7) + Tick(8)) / TicksPerSecond;
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

    /// <summary>Cores other processes kept busy during a window of <paramref name="wallSeconds"/> in which the measured ones used <paramref name="ownCpuSeconds"/>.</summary>
    public static double? OthersCores(double? busyBefore, double? busyAfter, double ownCpuSeconds, double wallSeconds) =>
        busyBefore is { } before && busyAfter is { } after && wallSeconds > 0
            ? Math.Max(0, after - before - ownCpuSeconds) / wallSeconds
            : null;
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
