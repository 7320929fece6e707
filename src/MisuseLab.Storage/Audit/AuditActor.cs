using System.Globalization;
using System.Text.RegularExpressions;

namespace MisuseLab.Storage.Audit;

/// <summary>
/// Who did something, in the one form every audit entry uses: <c>user/{id}</c> for a signed-in account (a pseudonymous
/// id, never an e-mail, so deleting an account never means rewriting the chain) and <c>system/{component}</c> for
/// the platform itself (demo seeding, the idle-session sweeper, the CLI, tests).
/// </summary>
public static partial class AuditActor
{
    public static string User(long accountId) => "user/" + accountId.ToString(CultureInfo.InvariantCulture);

    /// <param name="component">Lower-case letters, digits and dashes, e.g. <c>demo</c>, <c>cli</c>.</param>
    public static string System(string component)
    {
        var actor = "system/" + component;
        return IsValid(actor) ? actor : throw new ArgumentException($"A system actor is lower-case letters, digits and dashes; found '{component}'.", nameof(component));
    }

    public static bool IsValid(string actor) => Pattern().IsMatch(actor);

    [GeneratedRegex("^(user/[1-9][0-9]{0,18}|system/[a-z0-9][a-z0-9-]{0,39})$")]
    private static partial Regex Pattern();
}
