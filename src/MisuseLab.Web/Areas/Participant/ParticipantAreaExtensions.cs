using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Web.Areas.Participant.Services;
using MisuseLab.Web.Studies;

namespace MisuseLab.Web.Areas.Participant;

public static class ParticipantAreaExtensions
{
    /// <summary>Joining, the session pages and their API; launching studies; demo seeding when <c>MisuseLab:Demo</c> is on.</summary>
    public static IServiceCollection AddParticipantArea(this IServiceCollection services)
    {
        services.TryAddSingleton<IStudyStimulusBuilder, PipelineStimulusBuilder>();
        services.AddSingleton<StudyCatalog>();
        services.AddSingleton<StudyPreparation>();
        services.AddSingleton<StudyLauncher>();
        services.AddSingleton<PayloadCache>();
        services.AddSingleton<SessionService>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
