namespace MisuseLab.Storage;

/// <summary>
/// Which database to use; bound from configuration section <c>MisuseLab:Database</c>
/// (environment: <c>MisuseLab__Database__Provider</c>, <c>MisuseLab__Database__ConnectionString</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "MisuseLab:Database";

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Used when no connection string is configured for SQLite; relative to the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/misuselab.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// ADO.NET connection string. SQLite: relative <c>Data Source</c> paths are resolved against the
    /// content root (web) or current directory (CLI). PostgreSQL: required, Npgsql syntax.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Every problem with these options, one message each; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var provider = Provider?.Trim().ToLowerInvariant();
        if (provider is not (Sqlite or Postgres))
        {
            errors.Add($"{SectionName}:Provider: expected '{Sqlite}' or '{Postgres}', found '{Provider}'. " +
                       "Set MisuseLab__Database__Provider or pass --provider.");
        }
        if (provider == Postgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{SectionName}:ConnectionString: required for PostgreSQL, found nothing. " +
                       "Example: Host=localhost;Port=5432;Database=misuselab;Username=misuselab;Password=...");
        }
        return errors;
    }

    /// <summary>Throws <see cref="StorageConfigurationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new StorageConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
