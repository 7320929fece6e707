using System.CommandLine;
using Microsoft.Extensions.Configuration;
using MisuseLab.Analysis;
using MisuseLab.Storage;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Migrations;

namespace MisuseLab.Cli.Infrastructure;

/// <summary>
/// The settings every command reads, in the web app's layout so one configuration drives both:
/// <c>appsettings.json</c> in the current directory (if present), then environment variables
/// (<c>MisuseLab__Database__Provider</c>, <c>MisuseLab__Database__ConnectionString</c>, ...), then the
/// command's <c>--provider</c>/<c>--connection</c> options. Relative SQLite paths resolve against the
/// current directory; run the CLI from the web app's folder, or use an absolute path, to share its database.
/// </summary>
public static class CliConfiguration
{
    /// <summary>appsettings.json (optional) + environment variables, from <paramref name="directory"/> or the current directory.</summary>
    public static IConfiguration Load(string? directory = null)
    {
        var root = directory ?? Directory.GetCurrentDirectory();
        return new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>Database settings from configuration, with non-null overrides applied.</summary>
    public static DatabaseOptions Database(IConfiguration configuration, string? providerOverride, string? connectionOverride)
    {
        var options = new DatabaseOptions();
        configuration.GetSection(DatabaseOptions.SectionName).Bind(options);
        if (!string.IsNullOrWhiteSpace(providerOverride))
        {
            // A configured connection string belongs to the configured engine; do not hand it to another one.
            if (!string.Equals(providerOverride.Trim(), options.Provider, StringComparison.OrdinalIgnoreCase))
            {
                options.ConnectionString = null;
            }
            options.Provider = providerOverride.Trim();
        }
        if (!string.IsNullOrWhiteSpace(connectionOverride))
        {
            options.ConnectionString = connectionOverride;
        }
        return options;
    }
}

/// <summary>The <c>--provider</c> and <c>--connection</c> options; add them to any command that touches the database.</summary>
public sealed class DatabaseCliOptions
{
    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "Database engine, 'sqlite' or 'postgres' (default: configuration, else sqlite).",
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "Connection string (default: MisuseLab:Database:ConnectionString, else App_Data/misuselab.db).",
    };

    public static DatabaseCliOptions AddTo(Command command)
    {
        var options = new DatabaseCliOptions();
        command.Options.Add(options.Provider);
        command.Options.Add(options.Connection);
        return options;
    }

    /// <summary>
    /// A connection factory for the configured database. Commands that write pass <paramref name="migrate"/>
    /// so the CLI can be the first thing to touch a new database; read-only commands (verify, backup, list)
    /// leave the schema alone. Tells stderr which database is used.
    /// </summary>
    public async Task<IDbConnectionFactory> OpenAsync(ParseResult parseResult, bool migrate, CancellationToken cancellationToken)
    {
        var options = CliConfiguration.Database(CliConfiguration.Load(), parseResult.GetValue(Provider), parseResult.GetValue(Connection));
        var factory = DbConnectionFactory.Create(options, Directory.GetCurrentDirectory());
        if (migrate)
        {
            await new MigrationRunner(factory).ApplyAsync(cancellationToken);
        }
        parseResult.InvocationConfiguration.Error.WriteLine($"Database: {factory.Dialect.Name} {Describe(factory)}");
        return factory;
    }

    /// <summary>
    /// The audit chain's keys, as the web app reads them (<c>MisuseLab:Audit:Keys</c>, <c>:KeyFile</c>, <c>:KeyId</c>).
    /// Without any, the development key file the web app keeps in Development
    /// (<see cref="AuditKeyOptions.DevelopmentKeyFile"/> under the current directory; created when missing), so the CLI
    /// run from the web app's folder shares its key. Tells stderr which key is used (its id, never the key).
    /// </summary>
    public static AuditKeyRing AuditKeys(ParseResult parseResult)
    {
        var options = new AuditKeyOptions();
        CliConfiguration.Load().GetSection(AuditKeyOptions.SectionName).Bind(options);
        var directory = Directory.GetCurrentDirectory();
        var ring = AuditKeyRing.FromOptions(options, directory);
        var source = "configuration";
        if (ring is null)
        {
            var path = Path.GetFullPath(AuditKeyOptions.DevelopmentKeyFile, directory);
            ring = AuditKeyRing.LoadOrCreateFile(path);
            source = $"development key file {path} (configure MisuseLab:Audit:Keys in production)";
        }
        parseResult.InvocationConfiguration.Error.WriteLine($"Audit key: {ring.CurrentKeyId} from {source}");
        return ring;
    }

    // Never print a PostgreSQL password: show host and database only.
    private static string Describe(IDbConnectionFactory factory) => factory.Dialect.Name == DatabaseOptions.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(factory.ConnectionString).DataSource
        : new Npgsql.NpgsqlConnectionStringBuilder(factory.ConnectionString) is var b ? $"{b.Host}:{b.Port}/{b.Database}" : "";
}

/// <summary>Runs a command body and turns expected failures into a message on stderr and exit code 1.</summary>
public static class CliErrors
{
    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, Task<int>> body)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await body(parseResult.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is StorageException or AnalysisException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (System.Data.Common.DbException e)
        {
            await error.WriteLineAsync($"error: the database refused the operation: {e.Message.TrimEnd('.')}. Check --provider/--connection and that the server is running; a database nothing has created yet gets its tables from the web app or `misuselab users add`.");
            return 1;
        }
    }
}
