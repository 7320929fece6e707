using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Areas.Participant.Controllers;

internal static class ParticipantUser
{
    /// <summary>Marks principals made from a sign-in link: a participant of one study, with no account row.</summary>
    public const string LinkAuthenticationMethod = "misuselab-link";

    /// <summary>The link token itself, kept in the (encrypted, HttpOnly) cookie: the server stores only its hash.</summary>
    public const string LinkClaim = "misuselab:link";

    /// <summary>The signed-in account's id (the NameIdentifier claim SignInService writes).</summary>
    public static long Id(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in user without a NameIdentifier claim."), CultureInfo.InvariantCulture);

    public static bool IsLink(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.AuthenticationMethod) == LinkAuthenticationMethod;

    /// <summary>Signed in with an account (not a link).</summary>
    public static bool IsAccount(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && !IsLink(user);

    /// <summary>The key SessionService finds this person's session by: their link or their account.</summary>
    public static SessionKey Key(ClaimsPrincipal user) =>
        IsLink(user) ? SessionKey.Link(user.FindFirstValue(LinkClaim) ?? throw new InvalidOperationException("Link principal without its token.")) : SessionKey.Account(Id(user));

    /// <summary>The link token of a link principal, for the resume link on the completion page; null for accounts.</summary>
    public static string? LinkToken(ClaimsPrincipal user) => IsLink(user) ? user.FindFirstValue(LinkClaim) : null;

    /// <summary>Signs the browser in with <paramref name="token"/>: a participant principal that opens only the session the token belongs to.</summary>
    public static Task SignInWithLinkAsync(HttpContext context, string token)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.AuthenticationMethod, LinkAuthenticationMethod),
                new Claim(LinkClaim, token),
                new Claim(ClaimTypes.Name, "Participant"),
                new Claim(ClaimTypes.Role, Roles.Participant),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
