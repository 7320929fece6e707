using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Services;

namespace MisuseLab.Web.Areas.Facilitator;

public static class FacilitatorAreaExtensions
{
    /// <summary>Services of the facilitator pages: drafts, launches, status changes, invite codes, monitor, audit; the idle-session sweeper.</summary>
    public static IServiceCollection AddFacilitatorArea(this IServiceCollection services)
    {
        services.AddOptions<FacilitatorOptions>().BindConfiguration(FacilitatorOptions.Section)
            .Validate(o => o.DropAfterMinutes >= 1 && o.MonitorRefreshSeconds >= 2 && o.AbandonAfterMinutes >= 0,
                "MisuseLab:Facilitator: DropAfterMinutes must be ≥ 1, MonitorRefreshSeconds ≥ 2 and AbandonAfterMinutes ≥ 0 (0 = never).")
            .ValidateOnStart();
        services.TryAddSingleton<StudyDraftRepository>();
        services.TryAddSingleton<StudyMonitorRepository>();
        services.AddSingleton<FacilitatorAudit>();
        services.AddSingleton<StudyDrafts>();
        services.AddSingleton<LaunchJobs>();
        services.AddSingleton<StudyLifecycle>();
        services.AddSingleton<InviteCodes>();
        services.AddSingleton<IdleSessionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleSessionSweeper>());
        return services;
    }
}
