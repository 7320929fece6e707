using System.CommandLine;
using MisuseLab.Cli.Commands;

namespace MisuseLab.Cli.Tests.Commands;

/// <summary>Runs the storage-related commands in-process and captures what they print.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>A temp folder with a SQLite database path for one test.</summary>
internal sealed class TempDatabase : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("misuselab-cli-").FullName;
    public string File => Path.Combine(Folder, "lab.db");
    public string Connection => $"Data Source={File}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
