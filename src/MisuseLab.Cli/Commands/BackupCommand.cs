using System.CommandLine;
using System.Globalization;
using MisuseLab.Cli.Infrastructure;
using MisuseLab.Storage.Backup;

namespace MisuseLab.Cli.Commands;

/// <summary><c>misuselab backup --out FILE</c>: online copy of a SQLite database; PostgreSQL users are pointed to pg_dump.</summary>
public static class BackupCommand
{
    public static Command Create()
    {
        var command = new Command("backup", "Copy the live SQLite database to a new file (PostgreSQL: use pg_dump).");
        var output = new Option<FileInfo>("--out") { Description = "File to create; must not exist yet.", Required = true };
        command.Options.Add(output);
        var database = DatabaseCliOptions.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CliErrors.RunAsync(parseResult, async writer =>
        {
            var connections = await database.OpenAsync(parseResult, migrate: false, cancellationToken);
            var result = await new DatabaseBackup(connections).BackupAsync(parseResult.GetValue(output)!.FullName, cancellationToken);
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Backup written to {result.Path} ({result.Bytes:N0} bytes, integrity check ok)."));
            return 0;
        }));
        return command;
    }
}
