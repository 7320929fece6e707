using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;
using MisuseLab.Web.Areas.Facilitator.Services;

namespace MisuseLab.Web.Areas.Facilitator;

public static class FacilitatorAreaExtensions
{
    /// <summary>Services of the facilitator pages: drafts, launches, status changes, invite codes, monitor, audit.</summary>
    public static IServiceCollection AddFacilitatorArea(this IServiceCollection services)
    {
        services.AddOptions<FacilitatorOptions>().BindConfiguration(FacilitatorOptions.Section)
            .Validate(o => o.DropAfterMinutes >= 1 && o.MonitorRefreshSeconds >= 2, "MisuseLab:Facilitator: DropAfterMinutes must be ≥ 1 and MonitorRefreshSeconds ≥ 2.")
            .ValidateOnStart();
        services.TryAddSingleton<StudyDraftRepository>();
        services.TryAddSingleton<StudyMonitorRepository>();
        services.AddSingleton<FacilitatorAudit>();
        services.AddSingleton<StudyDrafts>();
        services.AddSingleton<LaunchJobs>();
        services.AddSingleton<StudyLifecycle>();
        services.AddSingleton<InviteCodes>();
        return services;
    }
}
