using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using MisuseLab.Cli.Commands;

namespace MisuseLab.Cli.Tests;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs commands in-process with captured writers, or the built <c>misuselab</c> binary as a process.</summary>
public static class CliHarness
{
    public static CliResult Run(params string[] args) => RunWith([DataCommand.Create(), InjectCommand.Create()], args);

    /// <summary>The single JSON object a successful <c>--json</c> command printed; fails the test with stderr otherwise.</summary>
    public static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    /// <summary>Runs <paramref name="args"/> in-process against a root holding just <paramref name="commands"/>.</summary>
    public static CliResult RunWith(IEnumerable<Command> commands, params string[] args)
    {
        var root = new RootCommand("test root");
        foreach (var command in commands) root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new(exit, output.ToString(), error.ToString());
    }

    /// <summary>The real entry point (Program.cs registration, process exit code, stderr), as a user runs it.</summary>
    public static CliResult RunProcess(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "misuselab.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(); throw new TimeoutException($"misuselab {string.Join(' ', args)} did not finish in 2 minutes."); }
        return new(process.ExitCode, stdout, stderr.Result);
    }
}
