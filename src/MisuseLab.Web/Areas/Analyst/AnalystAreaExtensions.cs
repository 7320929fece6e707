using Microsoft.Extensions.DependencyInjection.Extensions;
using MisuseLab.Analysis;

namespace MisuseLab.Web.Areas.Analyst;

public static class AnalystAreaExtensions
{
    /// <summary>The analyst pages: study list, analysis, manipulation check with free-text coding, export.zip, over
    /// the analysis project (dataset loading, statistics, export); free-text codes come with the storage registration.</summary>
    public static IServiceCollection AddAnalystArea(this IServiceCollection services)
    {
        // The power search's wall-clock bound (MisuseLab:Power:TimeBudgetSeconds, default 120): a guard for a busy machine.
        services.TryAddSingleton(sp => new Analysis.Power.DeclaredPower
        {
            Budget = TimeSpan.FromSeconds(sp.GetRequiredService<IConfiguration>().GetValue("MisuseLab:Power:TimeBudgetSeconds", 120.0)),
        });
        // Blind-coding tokens are keyed with a key derived from the audit key (registered while the app is built).
        services.TryAddSingleton(sp => Analysis.Coding.BlindTokenKey.FromAuditKeys(sp.GetRequiredService<Storage.Audit.AuditKeyRing>()));
        return services.AddMisuseLabAnalysis();
    }
}
