using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Platform;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Sessions;
using MisuseLab.Platform.Studies;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Areas.Participant;

public static class ParticipantAreaExtensions
{
    /// <summary>Joining, the session pages and their API over the platform's use cases; demo seeding when <c>MisuseLab:Demo</c> is on.</summary>
    public static IServiceCollection AddParticipantArea(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMisuseLabPlatform();
        services.AddLinkRateLimit(configuration);
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
