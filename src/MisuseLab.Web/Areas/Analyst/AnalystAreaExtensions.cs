namespace MisuseLab.Web.Areas.Analyst;

public static class AnalystAreaExtensions
{
    /// <summary>The analyst pages: study list, analysis, manipulation check with free-text coding, export.zip.
    /// Their services (StudyDatasetLoader, FreeTextCodeRepository) come with the storage registration.</summary>
    public static IServiceCollection AddAnalystArea(this IServiceCollection services) => services;
}
