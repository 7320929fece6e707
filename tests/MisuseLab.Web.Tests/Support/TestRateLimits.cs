using Microsoft.AspNetCore.Hosting;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// The test server has no socket, so every request of a fixture comes from one "client"; a suite signing in hundreds
/// of times a minute would hit the realistic limits. Fixtures raise them; RateLimitTests runs with the defaults.
/// </summary>
public static class TestRateLimits
{
    private const int Unlimited = 1_000_000;

    public static IWebHostBuilder RaiseRateLimits(this IWebHostBuilder builder)
    {
        foreach (var key in new[] { "SignInPerClient", "SignInGlobal", "RegisterPerClient", "RegisterGlobal", "JoinGlobal", "EventsPerClient", "EventsGlobal" })
        {
            builder.UseSetting($"MisuseLab:RateLimits:{key}", Unlimited.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.UseSetting("MisuseLab:Participant:LinkRequestsPerMinute", Unlimited.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
