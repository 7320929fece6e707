using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Withdrawal;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.TestSupport;
using MisuseLab.Web.Tests.Facilitator;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Withdrawal from any page: a confirmation that says what goes, then nothing of the participant is left but one audit line.</summary>
[Collection(StudyCollection.Name)]
public sealed class WithdrawalTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;

    [Fact]
    public Task A_participant_who_withdraws_on_page_3_is_absent_from_the_export_and_every_table_but_the_audit_entry() => WithdrawOnPage3Async(app);

    /// <summary>
    /// The acceptance test of withdrawal, over HTTP, on whichever database <paramref name="app"/> runs (SQLite here,
    /// PostgreSQL in <see cref="PostgresWithdrawalTests"/>). "Page 3" is now kaur2020's age page: the first page after one with answers (overview and tutorials have none).
    /// </summary>
    internal static async Task WithdrawOnPage3Async(StudyAppFixture app)
    {
        var client = app.NewClient();
        var at = app.Definition.IndexOf("effect-age");
        var page3 = await client.AdvanceToAsync(app, await client.EnrolAsync(), at);
        var me = await client.MeAsync();
        var user = (await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(client.Email))!;
        var code = me.EntryCode!;
        Assert.NotEmpty(await app.Responses.ListAnswersAsync(me.Id));
        Assert.Contains($"action=\"{Study}/withdraw\"", page3.Body);

        var confirmation = await client.PostFormAsync($"{Study}/withdraw", [], ParticipantClient.TokenOf(page3));
        Assert.Equal(200, confirmation.Status);
        Assert.Contains("Withdraw from the study?", confirmation.Body);
        Assert.Contains("your answers so far", confirmation.Body);
        Assert.Contains("the invitation code you used", confirmation.Body);
        Assert.Contains($"href=\"{Study}/page/{at}\"", confirmation.Body); // "No, go back" returns to the page
        Assert.Equal(me, await client.MeAsync()); // asking changed nothing

        var withdrawn = await client.PostFormAsync($"{Study}/withdraw", [new("confirm", "yes")], ParticipantClient.TokenOf(confirmation));
        Assert.Equal(200, withdrawn.Status);
        Assert.Contains("You have withdrawn", withdrawn.Body);

        // Every table, as the database's own catalogue lists them.
        Assert.Equal(["audit_log"], await DatabaseScan.TablesContainingAsync(app.Connections, me.Pseudonym));
        Assert.Empty(await DatabaseScan.ReferencesAsync(app.Connections, me.Id, "participant_id", "used_by"));
        Assert.Empty(await DatabaseScan.TablesContainingAsync(app.Connections, code));
        Assert.Equal(["users"], await DatabaseScan.TablesContainingAsync(app.Connections, client.Email)); // the account stays; the audit never had it
        Assert.Null(await app.Participants.FindByUserAsync(app.Version.StudyId, user.Id));

        // The one audit entry: pseudonymous, and it says neither who the account was nor what was answered.
        var entry = Assert.Single((await app.Services.GetRequiredService<AuditLog>().ReadEntityAsync("study/" + StudyAppFixture.Slug)),
            e => e.Action == ParticipantWithdrawal.Action && e.PayloadJson.Contains(me.Pseudonym, StringComparison.Ordinal));
        Assert.Equal(ParticipantWithdrawal.ParticipantActor, entry.Actor);
        using (var payload = JsonDocument.Parse(entry.PayloadJson))
        {
            Assert.Equal("withdrawn", payload.RootElement.GetProperty("reason").GetString());
            Assert.Equal(at, payload.RootElement.GetProperty("page").GetInt32());
            Assert.Equal(["page", "pseudonym", "reason", "status", "version"], payload.RootElement.EnumerateObject().Select(p => p.Name).Order());
        }

        // export.zip, with and without withdrawn participants: not a byte of them.
        var analyst = await app.SignedInAsync(Roles.Analyst);
        await app.AddMemberAsync(analyst.Email, StudyAppFixture.Slug);
        foreach (var query in new[] { "", "?includeWithdrawn=true" })
        {
            var response = await analyst.Http.GetAsync($"/analyst/studies/{StudyAppFixture.Slug}/export.zip{query}");
            Assert.True(response.IsSuccessStatusCode, $"export.zip{query}: {(int)response.StatusCode}");
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
            Assert.NotEmpty(zip.Entries);
            foreach (var file in zip.Entries)
            {
                using var reader = new StreamReader(file.Open());
                var text = await reader.ReadToEndAsync();
                Assert.False(text.Contains(me.Pseudonym, StringComparison.Ordinal), $"{file.FullName}{query} names the withdrawn pseudonym");
                Assert.False(text.Contains(code, StringComparison.Ordinal), $"{file.FullName}{query} holds the invite code");
            }
        }

        // Coming back finds no session: the study page leads to the entrance again.
        Assert.Equal($"/join/{StudyAppFixture.Slug}", (await client.GetAsync(Study)).Location);
    }

    [Fact]
    public async Task Every_page_of_a_session_offers_withdrawal_and_a_participant_can_leave_from_the_background_form()
    {
        var client = app.NewClient();
        var code = await app.NewInviteCodeAsync();
        var consent = await client.RegisterThroughJoinAsync("?code=" + code);
        var background = await client.FollowAsync(await client.PostFormAsync($"/join/{StudyAppFixture.Slug}", [new("decision", "agree"), new("code", code)], ParticipantClient.TokenOf(consent)));
        Assert.EndsWith("/background", background.Url);
        Assert.Contains($"action=\"{Study}/withdraw\"", background.Body);
        var me = await client.MeAsync();

        var confirmation = await client.GetAsync($"{Study}/withdraw");
        Assert.Contains($"href=\"{Study}/background\"", confirmation.Body);
        var withdrawn = await client.PostFormAsync($"{Study}/withdraw", [new("confirm", "yes")], ParticipantClient.TokenOf(confirmation));

        Assert.Contains("You have withdrawn", withdrawn.Body);
        Assert.Null(await app.Participants.GetAsync(me.Id));
        Assert.Null(await app.Participants.FindInviteCodeAsync(code));
    }

    [Fact]
    public async Task The_debrief_offers_withdrawal_through_the_confirmation_and_a_finished_session_cannot_be_withdrawn_from_the_page()
    {
        var client = app.NewClient();
        var debrief = await client.AdvanceToAsync(app, await client.EnrolAsync(), app.Definition.Pages.Count - 1);
        Assert.Contains($"action=\"{Study}/withdraw\"", debrief.Body);
        var token = ParticipantClient.TokenOf(debrief);
        Assert.Equal($"{Study}/withdraw", (await client.PostFormAsync($"{Study}/finish", [new("choice", "withdraw")], token)).Location);

        await client.PostFormAsync($"{Study}/finish", [new("choice", "complete")], token);
        var me = await client.MeAsync();
        var late = await client.PostFormAsync($"{Study}/withdraw", [new("confirm", "yes")], token);

        Assert.Equal(303, late.Status);
        Assert.Equal(Study, late.Location);
        Assert.Equal(me, await client.MeAsync());
        Assert.Equal(ParticipantStatus.Completed, me.Status);
    }
}

/// <summary>Withdrawal's acceptance test again, the whole app on PostgreSQL.</summary>
[Collection(PostgresStudyCollection.Name)]
public sealed class PostgresWithdrawalTests(PostgresStudyAppFixture app)
{
    [Fact]
    public Task A_participant_who_withdraws_on_page_3_is_absent_from_the_export_and_every_table_but_the_audit_entry_on_postgres() =>
        WithdrawalTests.WithdrawOnPage3Async(app);
}
