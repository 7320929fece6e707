using System.Globalization;
using System.Security.Claims;
using MisuseLab.Platform.Access;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Infrastructure;

public static class StaffClaims
{
    /// <summary>The signed-in account as access checks see it; null when no account is signed in (or a participant by link).</summary>
    public static StaffUser? Staff(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Only account principals carry an account id; a participant signed in by link has none.
        return user.FindFirstValue(ClaimTypes.AuthenticationMethod) == Areas.Account.Services.SignInService.AccountAuthenticationMethod
            && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new StaffUser(id, user.IsInRole(Roles.Admin))
            : null;
    }
}
