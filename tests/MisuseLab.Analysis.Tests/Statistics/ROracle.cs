using System.Diagnostics;
using System.Globalization;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// Runs an R script with <c>Rscript</c> in a fresh temporary folder holding the given files, and returns what it
/// printed. Analysis results are checked against R itself, so a machine without R (or without a package the script
/// loads) fails the test with the reason and the fix — never a silent skip: CI installs R through .ci/install-deps.
/// Scripts print lines "key,name,value,…"; <see cref="Parse"/> splits them.
/// </summary>
internal static class ROracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(string script, IReadOnlyDictionary<string, string> files)
    {
        string rscript = FindRscript() ?? throw new Xunit.Sdk.XunitException(
            "Rscript was not found (looked at /usr/bin/Rscript and on PATH). These tests compare with R itself: " +
            "run .ci/install-deps (Debian packages r-base-core r-cran-ordinal r-cran-lme4).");
        string dir = Path.Combine(Path.GetTempPath(), "misuselab-r-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, content) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, name), content);
            }

            await File.WriteAllTextAsync(Path.Combine(dir, "script.R"), script);
            var start = new ProcessStartInfo(rscript, ["--vanilla", "script.R"])
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new Xunit.Sdk.XunitException($"Could not start {rscript}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(cts.Token);
            string output = await stdout, errors = await stderr;
            if (process.ExitCode != 0)
            {
                string hint = errors.Contains("there is no package called", StringComparison.Ordinal)
                    ? " An R package is missing: run .ci/install-deps (r-cran-ordinal, r-cran-lme4)."
                    : "";
                throw new Xunit.Sdk.XunitException($"Rscript exited with {process.ExitCode}.{hint}\nstderr:\n{errors}\nstdout:\n{output}");
            }

            return output;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Lines "key,name,v1,v2,…" as (key, name) → values; other lines (R's messages) are ignored.</summary>
    public static Dictionary<(string Key, string Name), double[]> Parse(string output, params string[] keys)
    {
        var result = new Dictionary<(string, string), double[]>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(',');
            if (parts.Length >= 3 && keys.Contains(parts[0]))
            {
                result[(parts[0], parts[1])] = parts.Skip(2).Select(v => v == "NA" ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            }
        }

        return result;
    }

    /// <summary>An R character vector literal, e.g. c("a","b").</summary>
    public static string Vector(IEnumerable<string> values) => "c(" + string.Join(",", values.Select(v => $"\"{v}\"")) + ")";

    /// <summary>An R numeric vector literal with round-trip precision.</summary>
    public static string Vector(IEnumerable<double> values) => "c(" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + ")";

    private static string? FindRscript()
    {
        if (File.Exists("/usr/bin/Rscript"))
        {
            return "/usr/bin/Rscript";
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "Rscript")).FirstOrDefault(File.Exists);
    }
}
