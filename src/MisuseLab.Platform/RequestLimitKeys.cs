using System.Globalization;

namespace MisuseLab.Platform;

/// <summary>
/// Every configuration key that caps requests a minute: the web app's <c>MisuseLab:RateLimits</c> section (its
/// RateLimitOptions) and the per-client link limit. Scripted crowds — the test fixtures, the bench's server, the
/// proof tests' nodes — all come from one address and lift them all with <see cref="Lifted"/>. The list lives in
/// Platform because the CLI's bench cannot reference the web project; a web test checks that every property of
/// RateLimitOptions is listed here, so a new limit cannot be added without being lifted too.
/// </summary>
public static class RequestLimitKeys
{
    public const string RateLimitsSection = "MisuseLab:RateLimits";
    public const string LinkRequestsPerMinute = "MisuseLab:Participant:LinkRequestsPerMinute";

    /// <summary>A limit no scripted crowd reaches in a minute.</summary>
    public const int Unlimited = 1_000_000;

    public static IReadOnlyList<string> All { get; } =
    [
        .. new[] { "SignInPerClient", "SignInGlobal", "RegisterPerClient", "RegisterGlobal", "JoinGlobal", "EventsPerClient", "EventsGlobal" }
            .Select(name => $"{RateLimitsSection}:{name}"),
        LinkRequestsPerMinute,
    ];

    /// <summary>Every limit set to <see cref="Unlimited"/>, as configuration key and value.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Lifted() =>
        All.Select(key => KeyValuePair.Create(key, Unlimited.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A configuration key as an environment variable name (":" → "__").</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
