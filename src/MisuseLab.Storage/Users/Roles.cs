namespace MisuseLab.Storage.Users;

/// <summary>The account roles. Admin may do everything the other roles may.</summary>
public static class Roles
{
    public const string Participant = "participant";
    public const string Facilitator = "facilitator";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Participant, Facilitator, Analyst, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the accepted roles.</summary>
    public static void ThrowIfUnknown(string? role, string paramName)
    {
        if (!IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; expected one of: {string.Join(", ", All)}.", paramName);
        }
    }
}
