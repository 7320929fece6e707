using Microsoft.AspNetCore.Authorization;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Areas.Account;

/// <summary>
/// One authorisation policy per role; an admin satisfies every one of them except <see cref="Participant"/>: a staff
/// account taking part would mix test sessions into a study's data (pilot with bots instead).
/// </summary>
public static class Policies
{
    public const string Participant = "role:participant";
    public const string Facilitator = "role:facilitator";
    public const string Analyst = "role:analyst";
    public const string Admin = "role:admin";

    public static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Participant, p => p.RequireRole(Roles.Participant));
        options.AddPolicy(Facilitator, p => p.RequireRole(Roles.Facilitator, Roles.Admin));
        options.AddPolicy(Analyst, p => p.RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
    }
}
