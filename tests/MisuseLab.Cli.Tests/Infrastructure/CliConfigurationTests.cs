using MisuseLab.Cli.Infrastructure;

namespace MisuseLab.Cli.Tests.Infrastructure;

[Collection(EnvironmentCollection.Name)]
public sealed class CliConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-cliconf-").FullName;

    [Fact]
    public void Appsettings_then_environment_then_command_line_each_win_over_the_previous()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"),
            """{ "MisuseLab": { "Database": { "Provider": "sqlite", "ConnectionString": "Data Source=from-file.db" } } }""");

        var fromFile = CliConfiguration.Database(CliConfiguration.Load(_folder), null, null);
        Environment.SetEnvironmentVariable("MisuseLab__Database__ConnectionString", "Data Source=from-env.db");
        try
        {
            var fromEnvironment = CliConfiguration.Database(CliConfiguration.Load(_folder), null, null);
            var fromCommandLine = CliConfiguration.Database(CliConfiguration.Load(_folder), null, "Data Source=from-cli.db");
            var otherEngine = CliConfiguration.Database(CliConfiguration.Load(_folder), "postgres", null);

            Assert.Equal("Data Source=from-file.db", fromFile.ConnectionString);
            Assert.Equal("Data Source=from-env.db", fromEnvironment.ConnectionString);
            Assert.Equal("Data Source=from-cli.db", fromCommandLine.ConnectionString);
            Assert.Equal("postgres", otherEngine.Provider);
            Assert.Null(otherEngine.ConnectionString); // a SQLite connection string is never handed to PostgreSQL
        }
        finally
        {
            Environment.SetEnvironmentVariable("MisuseLab__Database__ConnectionString", null);
        }
    }

    [Fact]
    public void Without_any_settings_the_default_sqlite_database_is_used()
    {
        var options = CliConfiguration.Database(CliConfiguration.Load(_folder), null, null);

        Assert.Equal("sqlite", options.Provider);
        Assert.Null(options.ConnectionString);
        Assert.Empty(options.Validate());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>Tests that change process environment variables run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}
