using System.Globalization;
using System.Security.Claims;

namespace MisuseLab.Web.Areas.Participant.Controllers;

internal static class ParticipantUser
{
    /// <summary>The signed-in account's id (the NameIdentifier claim SignInService writes).</summary>
    public static long Id(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in user without a NameIdentifier claim."), CultureInfo.InvariantCulture);
}
