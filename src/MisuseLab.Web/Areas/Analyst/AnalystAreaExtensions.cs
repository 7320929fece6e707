using MisuseLab.Analysis;

namespace MisuseLab.Web.Areas.Analyst;

public static class AnalystAreaExtensions
{
    /// <summary>The analyst pages: study list, analysis, manipulation check with free-text coding, export.zip, over
    /// the analysis project (dataset loading, statistics, export); free-text codes come with the storage registration.</summary>
    public static IServiceCollection AddAnalystArea(this IServiceCollection services) => services.AddMisuseLabAnalysis();
}
