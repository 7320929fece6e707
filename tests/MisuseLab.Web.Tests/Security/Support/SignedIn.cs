using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Security.Support;

internal static class SignedIn
{
    /// <summary>Every role, plus null for a visitor who is not signed in.</summary>
    public static readonly IReadOnlyList<string?> Roles = [null, MisuseLab.Storage.Users.Roles.Participant, MisuseLab.Storage.Users.Roles.Facilitator,
        MisuseLab.Storage.Users.Roles.Analyst, MisuseLab.Storage.Users.Roles.Admin];

    /// <summary>A client signed in with a fresh account of <paramref name="role"/> (null: not signed in).</summary>
    public static async Task<ParticipantClient> AsAsync(StudyAppFixture app, string? role)
    {
        var client = app.NewClient();
        if (role is null)
        {
            return client;
        }
        var email = $"{role}-{app.NewEmail()}";
        await app.Services.GetRequiredService<UserRepository>().AddAsync(email, AccountPasswords.Hash(ParticipantClient.Password), role, DateTimeOffset.UtcNow);
        var login = await client.SignInAsync(email);
        if (login.Status != 302)
        {
            throw new InvalidOperationException($"Signing in {email} ({role}) answered {login.Status}, expected 302.");
        }
        return client;
    }
}
