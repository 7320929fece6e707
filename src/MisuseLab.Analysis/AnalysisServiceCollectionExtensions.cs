using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Analysis.Dataset;

namespace MisuseLab.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The dataset loader the analysis pages and the export read through. Needs storage registered.</summary>
    public static IServiceCollection AddMisuseLabAnalysis(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StudyDatasetLoader>();
        services.TryAddSingleton<Power.DeclaredPower>();
        return services;
    }
}
