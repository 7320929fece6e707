using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Backup;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.DataProtection;
using MisuseLab.Storage.Migrations;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;

namespace MisuseLab.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the connection factory (from <c>IOptions&lt;DatabaseOptions&gt;</c>; relative SQLite paths
    /// resolved against <paramref name="baseDirectory"/>), the migration runner and every repository.
    /// Later repositories (participants, studies) register here too.
    /// </summary>
    public static IServiceCollection AddMisuseLabStorage(this IServiceCollection services, string baseDirectory)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDbConnectionFactory>(sp =>
            DbConnectionFactory.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, baseDirectory));
        services.TryAddSingleton<MigrationRunner>();
        services.TryAddSingleton<UserRepository>();
        services.TryAddSingleton<AccountEraser>();
        services.TryAddSingleton<PasswordResetRepository>();
        services.TryAddSingleton<DataProtectionKeyRepository>();
        // The key ring comes from the host (the web app resolves it at start-up from MisuseLab:Audit, the CLI from its
        // configuration); without one the log can be read but appending fails naming the missing setting.
        services.TryAddSingleton<AuditLog>(sp => new AuditLog(
            sp.GetRequiredService<IDbConnectionFactory>(), sp.GetService<AuditKeyRing>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddSingleton<DatabaseBackup>();
        services.TryAddSingleton<StudyRepository>();
        services.TryAddSingleton<StudyMemberRepository>();
        services.TryAddSingleton<StimulusRepository>();
        services.TryAddSingleton<ParticipantEraser>();
        services.TryAddSingleton<RemedyScoreRepository>();
        services.TryAddSingleton<ParticipantRepository>();
        services.TryAddSingleton<ParticipantLinkRepository>();
        services.TryAddSingleton<ResponseRepository>();
        services.TryAddSingleton<FreeTextCodeRepository>();
        services.TryAddSingleton<CoderCodeRepository>();
        return services;
    }
}
