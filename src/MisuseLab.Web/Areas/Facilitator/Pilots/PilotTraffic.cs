using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MisuseLab.Web.Areas.Facilitator.Pilots;

/// <summary>
/// Tells the app's own pilot bots from other clients: every bot request carries <see cref="Header"/> with a random
/// token that lives only in this process, over loopback. The per-client rate limits (RateLimits) let such requests
/// through: a pilot of 50 bots signs in 50 times from 127.0.0.1 within a minute, and behind a proxy that does not forward
/// client addresses, the pilot would otherwise use up the limits of every real participant.
/// </summary>
public sealed class PilotTraffic
{
    public const string Header = "X-MisuseLab-Pilot";

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public bool Carries(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address)) return false;
        if (!context.Request.Headers.TryGetValue(Header, out var values) || values.Count != 1) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(values[0] ?? ""), Encoding.ASCII.GetBytes(Token));
    }
}
