using System.Diagnostics;
using System.Text.Json;
using MisuseLab.Cli.Bench;
using MisuseLab.Study.Adult;

namespace MisuseLab.Cli.Tests.Bench;

/// <summary>
/// bench/peers.py itself, on the first rows of Adult (a contract check, not a measurement): the peers run at their
/// own defaults, so the script sets no OpenMP variable and reports the caller's as inherited, and it reads the load
/// around each of its measurements.
/// </summary>
public sealed class PeerScriptTests
{
    private static JsonElement RunScript(IReadOnlyDictionary<string, string> environment)
    {
        Assert.True(File.Exists(PeerBench.Python), $"{PeerBench.Python} is needed (python3-xgboost, python3-sklearn: bash .ci/install-deps --bench).");
        var root = AdultDataLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests inside the repository.");
        var source = AdultDataLocator.Resolve(null);
        var data = Directory.CreateTempSubdirectory("peers-").FullName;
        try
        {
            // Enough rows for both classes and every categorical column the encoder sorts; adult.test keeps its first line.
            File.WriteAllLines(Path.Combine(data, "adult.data"), File.ReadLines(Path.Combine(source, "adult.data")).Take(400));
            File.WriteAllLines(Path.Combine(data, "adult.test"), File.ReadLines(Path.Combine(source, "adult.test")).Take(401));
            var start = new ProcessStartInfo(PeerBench.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in PeerBench.Arguments(Path.Combine(root, "bench", "peers.py"), data, new BenchSettings { Repeats = 1, Trees = 3, PfiRepeats = 1, Threads = Environment.ProcessorCount }, Environment.ProcessorCount))
                start.ArgumentList.Add(argument);
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OMP_", StringComparison.Ordinal)).ToArray()) start.Environment.Remove(name);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error.Result);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void The_script_sets_no_openmp_variable_and_reports_the_callers_as_inherited()
    {
        var clean = RunScript(new Dictionary<string, string>());
        Assert.Empty(clean.GetProperty("omp_environment").EnumerateObject());
        Assert.Equal(JsonValueKind.Null, clean.GetProperty("threads").ValueKind); // ours = the machine's cores: the peers pick their own

        var inherited = RunScript(new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "ACTIVE" });
        Assert.Equal("ACTIVE", inherited.GetProperty("omp_environment").GetProperty("OMP_WAIT_POLICY").GetString());
        Assert.Single(inherited.GetProperty("omp_environment").EnumerateObject());

        // The load before and after each measurement, under the names PeerBench reads.
        var load = clean.GetProperty("load");
        Assert.Equal(PeerBench.Measurements, load.EnumerateObject().Select(p => p.Name));
        Assert.All(load.EnumerateObject(), p => Assert.True(p.Value.GetProperty("before").GetDouble() >= 0 && p.Value.GetProperty("after").GetDouble() >= 0 && p.Value.GetProperty("others_cores").GetDouble() >= 0, p.Value.ToString()));
        var parsed = PeerBench.Parse(clean.GetRawText(), new LoadWindow(null, null));
        Assert.Equal(clean.GetProperty("load").GetProperty("sklearn_hgb_train").GetProperty("after").GetDouble(), parsed.Load("sklearn_hgb_train").After);
    }
}
