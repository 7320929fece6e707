using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Facilitator;
using MisuseLab.Web.Tests.Security.Support;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Account;

/// <summary>
/// Deleting an account erases its e-mail address from the whole database, audit log included: every table SQLite lists
/// is read back in full and searched for the address (any letter case).
/// </summary>
[Collection(StudyCollection.Name)]
public sealed class AccountDeletionTests(StudyAppFixture app)
{
    [Fact]
    public async Task A_participant_deletes_their_account_and_no_table_holds_the_address_while_the_study_data_stays_pseudonymous()
    {
        var client = app.NewClient();
        var consent = await client.RegisterThroughJoinAsync("", app.Demo.Slug);
        await client.FollowAsync(await client.PostFormAsync($"/join/{app.Demo.Slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        var enrolled = await client.MeAsync(app.Demo.StudyId);
        var account = (await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(client.Email))!;
        // A wrong password first: the account stays.
        var page = await client.GetAsync("/account/delete");
        Assert.Contains(client.Email, page.Body);
        var wrong = await client.PostFormAsync("/account/delete", [new("password", "not the password at all")], ParticipantClient.TokenOf(page));
        Assert.Equal(400, wrong.Status);
        Assert.NotNull(await app.Services.GetRequiredService<UserRepository>().FindByIdAsync(account.Id));
        Assert.NotEmpty(await TablesHoldingAsync(client.Email));

        var deleted = await client.PostFormAsync("/account/delete", [new("password", ParticipantClient.Password)], ParticipantClient.TokenOf(await client.GetAsync("/account/delete")));

        Assert.Equal(200, deleted.Status);
        Assert.Contains("Account deleted", deleted.Body);
        Assert.Empty(await TablesHoldingAsync(client.Email));
        // The enrolment stays as pseudonymous study data, with no account behind it.
        var kept = await app.Participants.FindByPseudonymAsync(app.Demo.StudyId, enrolled.Pseudonym);
        Assert.NotNull(kept);
        Assert.Null(kept.UserId);
        // Signed out, and the address signs in nothing.
        Assert.Contains("Sign in to delete your account", (await client.GetAsync("/account/delete")).Body);
        Assert.NotEqual(302, (await app.NewClient().SignInAsync(client.Email)).Status);
        var entry = (await app.Services.GetRequiredService<AuditLog>().ReadEntityAsync(AuditActor.User(account.Id))).Last();
        Assert.Equal(("account.deleted", AuditActor.User(account.Id)), (entry.Action, entry.Actor));
    }

    [Fact]
    public async Task An_admin_deletes_a_facilitator_whose_sessions_end_while_other_sessions_continue()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        await facilitator.ImportAsync(json);
        var colleague = await app.SignedInAsync(Roles.Facilitator);
        var study = (await app.Studies().FindStudyAsync(slug))!;
        var members = app.Services.GetRequiredService<StudyMemberRepository>();
        Assert.Single(await members.ListAsync(study.Id));
        var admin = await SignedIn.AsAsync(app, Roles.Admin);

        var page = await admin.GetAsync("/account/delete");
        Assert.Contains("<label for=\"delete-email\">", page.Body);
        var done = await admin.PostFormAsync("/account/delete/other", [new("email", facilitator.Email.ToUpperInvariant())], ParticipantClient.TokenOf(page));

        Assert.Equal(200, done.Status);
        Assert.Contains("1 study memberships", done.Decode(), StringComparison.Ordinal);
        Assert.Empty(await TablesHoldingAsync(facilitator.Email));
        Assert.Empty(await members.ListAsync(study.Id));
        var after = await facilitator.GetAsync("/facilitator");
        Assert.True(after.Status == 302 && after.Location!.Contains("/account/login", StringComparison.Ordinal), $"the deleted account's session answered {after.Status} {after.Location}");
        Assert.Equal(200, (await colleague.GetAsync("/facilitator")).Status);
        Assert.Equal(200, (await admin.GetAsync("/account/delete")).Status);
        // Only admins delete other accounts.
        var refused = await colleague.PostFormAsync("/account/delete/other", [new("email", admin.Email)], ParticipantClient.TokenOf(await colleague.GetAsync("/account/delete")));
        Assert.NotEqual(200, refused.Status);
        Assert.NotNull(await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(admin.Email));
    }

    /// <summary>"table: row" for every row of every table that contains <paramref name="email"/>, ignoring letter case.</summary>
    private async Task<IReadOnlyList<string>> TablesHoldingAsync(string email)
    {
        await using var connection = await app.Connections.OpenAsync();
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToList();
        Assert.Contains("users", tables);
        Assert.Contains("audit_log", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
                if (row.Contains(email, StringComparison.OrdinalIgnoreCase)) found.Add($"{table}: {row}");
            }
        }
        return found;
    }
}
