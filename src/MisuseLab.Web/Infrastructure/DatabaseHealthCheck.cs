using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MisuseLab.Storage.Connections;

namespace MisuseLab.Web.Infrastructure;

/// <summary>Healthy when the database answers and its schema is migrated.</summary>
internal sealed class DatabaseHealthCheck(IDbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_version", cancellationToken: cancellationToken));
            return version is null
                ? HealthCheckResult.Unhealthy($"{connections.Dialect.Name}: no migrations recorded")
                : HealthCheckResult.Healthy($"{connections.Dialect.Name}: schema version {version}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{connections.Dialect.Name}: {e.GetType().Name}", e);
        }
    }
}
