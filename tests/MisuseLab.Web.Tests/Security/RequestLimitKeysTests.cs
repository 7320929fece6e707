using Microsoft.Extensions.Configuration;
using MisuseLab.Platform;
using MisuseLab.Web.Areas.Participant;
using MisuseLab.Web.Infrastructure;

namespace MisuseLab.Web.Tests.Security;

/// <summary>The shared list the fixtures, the bench and the proof nodes lift must name every request limit the app reads.</summary>
public sealed class RequestLimitKeysTests
{
    [Fact]
    public void Every_rate_limit_option_and_the_link_limit_are_in_the_lifted_list()
    {
        var options = typeof(RateLimitOptions).GetProperties()
            .Where(p => p.PropertyType == typeof(int))
            .Select(p => $"{RateLimitOptions.SectionName}:{p.Name}");
        string[] expected = [.. options, RequestLimitKeys.LinkRequestsPerMinute];
        Assert.Equal(expected.Order(StringComparer.Ordinal), RequestLimitKeys.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_lifted_settings_bind_to_every_limit()
    {
        // The binder ignores a misspelt key silently; binding the lifted settings shows each reaches its option.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(RequestLimitKeys.Lifted()!).Build();
        var bound = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>()!;
        Assert.All(typeof(RateLimitOptions).GetProperties().Where(p => p.PropertyType == typeof(int)),
            p => Assert.Equal(RequestLimitKeys.Unlimited, (int)p.GetValue(bound)!));
        Assert.NotEqual(LinkRateLimit.DefaultPerMinute, configuration.GetValue(RequestLimitKeys.LinkRequestsPerMinute, LinkRateLimit.DefaultPerMinute));
    }
}
