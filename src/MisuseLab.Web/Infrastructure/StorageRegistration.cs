using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using MisuseLab.Storage;
using MisuseLab.Storage.DataProtection;

namespace MisuseLab.Web.Infrastructure;

public static class StorageRegistration
{
    /// <summary>
    /// Database, migrations at start-up, and Data Protection keys in the database. Call before anything
    /// that registers hosted services touching the database: hosted services start in registration order,
    /// so the migration service runs first.
    /// </summary>
    public static WebApplicationBuilder AddMisuseLabStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMisuseLabStorage(builder.Environment.ContentRootPath);
        services.AddHostedService<DatabaseMigrationService>();

        // A fixed application name: by default it derives from the content root, which differs between nodes.
        services.AddDataProtection().SetApplicationName("MisuseLab");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, sp) => options.XmlRepository = sp.GetRequiredService<DataProtectionKeyRepository>());
        return builder;
    }
}

/// <summary>Applies pending migrations before the app serves anything; a failure stops start-up.</summary>
internal sealed class DatabaseMigrationService(MisuseLab.Storage.Migrations.MigrationRunner runner, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await runner.ApplyAsync(cancellationToken);
        logger.LogInformation("Database {Provider}: applied {Count} migration(s) {Files}.",
            options.Value.Provider, applied.Count, string.Join(", ", applied.Select(m => m.FileName)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
