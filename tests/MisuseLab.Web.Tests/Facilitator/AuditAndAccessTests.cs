using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

[Collection(StudyCollection.Name)]
public sealed class AuditAndAccessTests(StudyAppFixture app)
{
    private static (string, string)[] Weights(int real, int inverted, int block) =>
    [
        ("Cells[0].Id", "demo-real"), ("Cells[0].Weight", real.ToString()), ("Cells[0].Manipulation", "real"),
        ("Cells[1].Id", "demo-inverted"), ("Cells[1].Weight", inverted.ToString()), ("Cells[1].Manipulation", "inverted"),
        ("BlockSize", block.ToString()), ("EnrolmentMode", "invite"), ("TargetParticipants", ""), ("CompletionUrl", ""),
    ];

    [Fact]
    public async Task Every_facilitator_action_is_in_the_study_s_audit_log_and_the_chain_verifies()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);
        Assert.Equal(302, (await facilitator.PostFromAsync($"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/edit", Weights(2, 1, 3))).Status);
        await facilitator.LaunchAsync(app, id);
        await facilitator.SetStatusAsync(id, "paused");
        await facilitator.SetStatusAsync(id, "open");
        await facilitator.PostFromAsync($"/facilitator/studies/{slug}/invites", $"/facilitator/studies/{slug}/invites", ("count", "2"));
        await facilitator.SetStatusAsync(id, "closed");
        await facilitator.PostFromAsync($"/facilitator/versions/{id}", $"/facilitator/versions/{id}/new-version");

        var page = await facilitator.GetAsync($"/facilitator/studies/{slug}/audit");

        Assert.Equal(200, page.Status);
        string[] expected = ["study.imported", "study.member-added", "study.draft-edited", "study.launched", "study.paused", "study.opened", "study.invites-generated", "study.closed", "study.version-created"];
        var actions = System.Text.RegularExpressions.Regex.Matches(page.Body, "class=\"audit-entry\" data-action=\"([a-z.-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(expected, actions);
        Assert.Contains("Chain verified", page.Body);
        Assert.Contains(facilitator.Email, page.Body);
        var verification = await app.Services.GetRequiredService<AuditVerifier>().VerifyAsync();
        Assert.True(verification.IsValid, verification.Reason);
        var entries = await app.Services.GetRequiredService<AuditLog>().ReadAsync(1, 100_000);
        var launched = entries.Single(e => e.Action == "study.launched" && e.Entity == $"study/{slug}/version/{id}");
        Assert.Contains((await app.Studies().FindVersionAsync(id))!.StudyHash, launched.PayloadJson);
        // Actors are pseudonymous account ids, never e-mails (AuditActor).
        var account = await app.Services.GetRequiredService<UserRepository>().FindByEmailAsync(facilitator.Email);
        Assert.Equal(AuditActor.User(account!.Id), launched.Actor);
        Assert.DoesNotContain(entries, e => e.Actor.Contains('@', StringComparison.Ordinal));
    }

    public static TheoryData<string> Roles_refused => new() { Roles.Participant, Roles.Analyst };

    [Theory]
    [MemberData(nameof(Roles_refused))]
    public async Task Participants_and_analysts_are_refused_every_facilitator_page_and_action(string role)
    {
        var owner = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await owner.ImportAsync(json);
        var before = await app.Studies().ListVersionsAsync(slug);
        var other = await app.SignedInAsync(role);
        var token = ParticipantClient.TokenOf(await other.GetAsync("/"));

        string[] pages = ["/facilitator", "/facilitator/import", $"/facilitator/studies/{slug}", $"/facilitator/versions/{id}", $"/facilitator/versions/{id}/edit",
            $"/facilitator/versions/{id}/monitor", $"/facilitator/versions/{id}/monitor/counts", $"/facilitator/versions/{id}/launch-status",
            $"/facilitator/studies/{slug}/invites", $"/facilitator/studies/{slug}/audit"];
        foreach (var url in pages)
        {
            var response = await other.GetAsync(url);
            Assert.True(response.Status == 302 && response.Location!.Contains("/account/denied", StringComparison.Ordinal), $"GET {url} answered {response.Status} {response.Location}");
            Assert.Equal(403, (await other.GetAsync(new Uri(response.Location).PathAndQuery)).Status);
        }
        string[] actions = ["/facilitator/import", $"/facilitator/versions/{id}/edit", $"/facilitator/versions/{id}/json", $"/facilitator/versions/{id}/launch",
            $"/facilitator/versions/{id}/new-version", $"/facilitator/versions/{id}/status", $"/facilitator/studies/{slug}/invites"];
        foreach (var url in actions)
        {
            var response = await other.PostFormAsync(url, [new("json", json), new("target", "open"), new("count", "5")], token);
            Assert.True(response.Status == 302 && response.Location!.Contains("/account/denied", StringComparison.Ordinal), $"POST {url} answered {response.Status} {response.Location}");
        }
        Assert.Equal(before, await app.Studies().ListVersionsAsync(slug));
        Assert.Empty(await app.Services.GetRequiredService<MisuseLab.Storage.Monitoring.StudyMonitorRepository>().ListInviteCodesAsync(before[0].StudyId));
    }

    [Fact]
    public async Task An_admin_may_use_the_facilitator_pages()
    {
        var admin = await app.SignedInAsync(Roles.Admin);
        var (_, json) = FacilitatorSteps.DemoStudy();

        var id = await admin.ImportAsync(json);

        Assert.Equal(200, (await admin.GetAsync($"/facilitator/versions/{id}")).Status);
    }

    [Fact]
    public async Task Every_facilitator_form_carries_an_antiforgery_token_and_posts_without_it_are_rejected()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);

        foreach (var url in new[] { "/facilitator/import", $"/facilitator/versions/{id}", $"/facilitator/versions/{id}/edit", $"/facilitator/studies/{slug}/invites" })
        {
            var page = await facilitator.GetAsync(url);
            var forms = System.Text.RegularExpressions.Regex.Matches(page.Body, "<form[^>]*method=\"post\".*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(forms.Count > 1, url);
            Assert.All(forms, f => Assert.Contains("name=\"__RequestVerificationToken\"", f.Value));
        }
        var request = new HttpRequestMessage(HttpMethod.Post, $"/facilitator/versions/{id}/launch") { Content = new FormUrlEncodedContent([]) };
        var response = await facilitator.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(MisuseLab.Storage.Studies.StudyStatus.Draft, (await app.Studies().FindVersionAsync(id))!.Status);
    }
}
