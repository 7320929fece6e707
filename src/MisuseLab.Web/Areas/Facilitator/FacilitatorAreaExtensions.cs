using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Platform;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Monitoring;
using MisuseLab.Storage.Studies;

namespace MisuseLab.Web.Areas.Facilitator;

public static class FacilitatorAreaExtensions
{
    /// <summary>The facilitator pages' options; their use cases (drafts, launches, status changes, invite codes, monitor, audit, the idle-session sweeper) come from the platform.</summary>
    public static IServiceCollection AddFacilitatorArea(this IServiceCollection services)
    {
        services.AddOptions<FacilitatorOptions>().BindConfiguration(FacilitatorOptions.Section)
            .Validate(o => o.DropAfterMinutes >= 1 && o.MonitorRefreshSeconds >= 2 && o.AbandonAfterMinutes >= 0,
                "MisuseLab:Facilitator: DropAfterMinutes must be ≥ 1, MonitorRefreshSeconds ≥ 2 and AbandonAfterMinutes ≥ 0 (0 = never).")
            .ValidateOnStart();
        services.AddMisuseLabPlatform();
        services.TryAddSingleton<Pilots.PilotTraffic>();
        services.TryAddSingleton<Platform.Pilots.IPilotBots, Pilots.LoopbackPilotBots>();
        services.TryAddSingleton<Platform.Pilots.PilotRuns>();
        // Per-study access for both staff areas: one global filter keyed on the route's study (StudyAccessFilter).
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<Infrastructure.StudyAccessFilter>());
        return services;
    }
}
