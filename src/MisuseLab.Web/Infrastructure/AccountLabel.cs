using System.Security.Claims;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Infrastructure;

/// <summary>
/// How pages name the signed-in account. Staff (facilitators, analysts, admins) see their address in full.
/// Participants see it masked, "j•••@example.org": lab sessions share screens, and an address on screen ties a person
/// to their session, while the first letter and the domain still let them notice a wrong account left signed in.
/// Never the pseudonym: it is what links a person to their rows in an export.
/// </summary>
public static class AccountLabel
{
    public const string Mask = "•••";

    public static string For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "";
        return IsStaff(user) ? name : Masked(name);
    }

    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Facilitator) || user.IsInRole(Roles.Analyst) || user.IsInRole(Roles.Admin);

    /// <summary>"jane.doe@example.org" → "j•••@example.org"; text without a local part and a domain is masked whole.</summary>
    public static string Masked(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.LastIndexOf('@');
        if (at < 1 || at == email.Length - 1)
        {
            return Mask;
        }
        var first = char.IsHighSurrogate(email[0]) && at > 1 ? 2 : 1;
        return email[..first] + Mask + email[at..];
    }
}
