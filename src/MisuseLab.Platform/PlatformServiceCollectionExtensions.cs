using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Platform;

public static class PlatformServiceCollectionExtensions
{
    /// <summary>
    /// Every use case, once: the study runtime cache, the launch queue and stimulus building, drafts, the version
    /// lifecycle, enrolment and invite codes, participant sessions, and the idle-session sweeper (a hosted service).
    /// Needs storage registered (<c>AddMisuseLabStorage</c>) and the options <see cref="MisuseLabOptions"/> and
    /// <see cref="FacilitatorOptions"/> bound by the host.
    /// </summary>
    public static IServiceCollection AddMisuseLabPlatform(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStudyStimulusBuilder, PipelineStimulusBuilder>();
        services.TryAddSingleton<StudyDraftRepository>();
        services.TryAddSingleton<StudyMonitorRepository>();
        services.TryAddSingleton<StudyCatalog>();
        services.TryAddSingleton<StudyPreparation>();
        services.TryAddSingleton<StudyAudit>();
        services.TryAddSingleton<Remedies.RemedyScores>();
        services.TryAddSingleton<Remedies.StudyRuns>();
        services.TryAddSingleton<Remedies.TaskAnswers>();
        services.TryAddSingleton<StimulusBuild>();
        services.TryAddSingleton<StudyLaunch>();
        services.TryAddSingleton<StudyDrafts>();
        services.TryAddSingleton<Access.StudyAccess>();
        services.TryAddSingleton<Accounts.AccountDeletion>();
        services.TryAddSingleton<StudyLifecycle>();
        services.TryAddSingleton<InviteCodes>();
        services.TryAddSingleton<SignInLinks>();
        services.TryAddSingleton(sp => new PanelEntrySignature(sp.GetService<Storage.Audit.AuditKeyRing>()));
        services.TryAddSingleton<Enrolment.Enrolment>();
        services.TryAddSingleton<PayloadCache>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<Withdrawal.ParticipantWithdrawal>();
        services.TryAddSingleton<IdleSessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleSessionSweeper>());
        return services;
    }
}
