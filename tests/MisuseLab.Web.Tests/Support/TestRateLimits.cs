using Microsoft.AspNetCore.Hosting;
using MisuseLab.Platform;

namespace MisuseLab.Web.Tests.Support;

/// <summary>
/// The test server has no socket, so every request of a fixture comes from one "client"; a suite signing in hundreds
/// of times a minute would hit the realistic limits. Fixtures raise them; RateLimitTests runs with the defaults.
/// </summary>
public static class TestRateLimits
{
    public static IWebHostBuilder RaiseRateLimits(this IWebHostBuilder builder)
    {
        foreach (var (key, value) in RequestLimitKeys.Lifted()) builder.UseSetting(key, value);
        return builder;
    }
}
