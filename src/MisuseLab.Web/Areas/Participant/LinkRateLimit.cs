using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MisuseLab.Web.Areas.Participant;

/// <summary>
/// The named rate-limiting policy on the endpoints that turn a link into a session (joining by link, opening a resume
/// link): per client address, <c>MisuseLab:Participant:LinkRequestsPerMinute</c> a minute (default
/// <see cref="DefaultPerMinute"/>, generous because a lab's machines often share one address). Tokens are 256 random
/// bits and invite codes 60, so this is not what keeps them unguessable; it stops one client hammering the enrolment lock.
/// </summary>
public static class LinkRateLimit
{
    public const string Policy = "participant-link";
    public const int DefaultPerMinute = 600;

    public static IServiceCollection AddLinkRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue(MisuseLab.Platform.RequestLimitKeys.LinkRequestsPerMinute, DefaultPerMinute);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
