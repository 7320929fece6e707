using MisuseLab.Storage.Audit;

namespace MisuseLab.Platform.Access;

/// <summary>A signed-in staff account as access checks see it: its id and whether it is an admin (admins see every study).</summary>
public sealed record StaffUser(long Id, bool IsAdmin)
{
    /// <summary>The account's pseudonymous audit actor (<see cref="AuditActor.User"/>).</summary>
    public string Actor => AuditActor.User(Id);
}
