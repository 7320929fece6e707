namespace MisuseLab.Web.Areas.Facilitator;

public static class FacilitatorAreaExtensions
{
    /// <summary>Services of the facilitator pages (session monitor, launches) register here.</summary>
    public static IServiceCollection AddFacilitatorArea(this IServiceCollection services) => services;
}
