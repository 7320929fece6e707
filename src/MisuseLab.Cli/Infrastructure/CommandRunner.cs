using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MisuseLab.Learning;
using Spectre.Console;

namespace MisuseLab.Cli.Infrastructure;

/// <summary>
/// Shared plumbing for command actions: output goes to the parse result's configured writers (so tests can
/// capture it in-process), and expected failures become one line on stderr and exit code 1 — no stack trace.
/// </summary>
public static class CommandRunner
{
    public const int Success = 0;
    public const int Failure = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // Paths and category names stay readable ('<=50K', '&') in terminal output.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs <paramref name="body"/>; an error the user can fix is printed to stderr and yields <see cref="Failure"/>.</summary>
    public static int Run(ParseResult parseResult, Func<TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output);
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
    }

    /// <summary>Extension point for other libraries' exception roots; these carry messages written for users.</summary>
    private static bool IsUserFacing(Exception e) =>
        e is LearningException or IOException or UnauthorizedAccessException or JsonException or ArgumentException
        || e.GetType().Namespace?.StartsWith("MisuseLab.", StringComparison.Ordinal) == true;

    /// <summary>Writes exactly one JSON value followed by a newline.</summary>
    public static void WriteJson<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    /// <summary>A Spectre console drawing to <paramref name="output"/> (plain text when it is not a terminal).</summary>
    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Spectre assumes 80 columns when it cannot measure; files and pipes have no width, so tables stay unwrapped.
        if (!terminal) console.Profile.Width = 160;
        return console;
    }
}
