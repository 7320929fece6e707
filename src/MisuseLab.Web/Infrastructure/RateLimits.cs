using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MisuseLab.Web.Areas.Participant;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// Section <c>MisuseLab:RateLimits</c>: requests a minute to the endpoints an attacker can drive without an account
/// (or with a cheap one), per client address (after forwarded headers, so a configured proxy's clients are told apart)
/// and for all clients together. The per-client limits stop one client guessing passwords or locking accounts out in
/// bulk; the global ones bound the PBKDF2 work a flood from many addresses can force on the two cores. A lab whose
/// machines share one address may need the per-client limits raised (see docs/deployment.md).
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = MisuseLab.Platform.RequestLimitKeys.RateLimitsSection;

    /// <summary>Sign-in attempts (POST /account/login) a minute from one client address.</summary>
    public int SignInPerClient { get; set; } = 10;

    /// <summary>Sign-in attempts a minute from all clients (each costs one PBKDF2 run).</summary>
    public int SignInGlobal { get; set; } = 300;

    /// <summary>Registrations (POST /account/register) a minute from one client address.</summary>
    public int RegisterPerClient { get; set; } = 30;

    /// <summary>Registrations a minute from all clients.</summary>
    public int RegisterGlobal { get; set; } = 300;

    /// <summary>Join-by-link and resume-link requests a minute from all clients (per client: <see cref="LinkRateLimit"/>).</summary>
    public int JoinGlobal { get; set; } = 3000;

    /// <summary>Event and autosave API calls (/api/study/…) a minute from one client address; chart hovers are chatty.</summary>
    public int EventsPerClient { get; set; } = 1200;

    /// <summary>Event and autosave API calls a minute from all clients.</summary>
    public int EventsGlobal { get; set; } = 30000;
}

/// <summary>The named policies, the global limiter over them and the 429 answer with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Register = "register";
    public const string Events = "study-api";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddMisuseLabRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => new[] { o.SignInPerClient, o.SignInGlobal, o.RegisterPerClient, o.RegisterGlobal, o.JoinGlobal, o.EventsPerClient, o.EventsGlobal }.All(v => v > 0),
                $"{RateLimitOptions.SectionName}: every limit must be a positive number of requests a minute.")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => PerClient(context, Limits(context).SignInPerClient));
            options.AddPolicy(Register, context => PerClient(context, Limits(context).RegisterPerClient));
            options.AddPolicy(Events, context => PerClient(context, Limits(context).EventsPerClient));
            // Checked before the endpoint's own policy; endpoints without one of ours are not limited at all.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                var limits = Limits(context);
                int? permits = policy switch
                {
                    SignIn => limits.SignInGlobal,
                    Register => limits.RegisterGlobal,
                    Events => limits.EventsGlobal,
                    LinkRateLimit.Policy => limits.JoinGlobal,
                    _ => null,
                };
                return permits is { } limit
                    ? RateLimitPartition.GetFixedWindowLimiter("global:" + policy, _ => Fixed(limit))
                    : RateLimitPartition.GetNoLimiter("none");
            });
            options.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
                rejected.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // The body comes from the status-code pages: ProblemDetails under /api, the error page elsewhere.
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    // The address after UseForwardedHeaders: behind a configured proxy, the client's; otherwise the connection's.
    // The app's own pilot bots (a facilitator's "pilot with N bots", over loopback) are not one client among others.
    private static RateLimitPartition<string> PerClient(HttpContext context, int permits) =>
        context.RequestServices.GetService<Areas.Facilitator.Pilots.PilotTraffic>()?.Carries(context) == true
            ? RateLimitPartition.GetNoLimiter("pilot")
            : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Fixed(permits));

    private static FixedWindowRateLimiterOptions Fixed(int permits) =>
        new() { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true };
}
