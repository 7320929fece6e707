using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Enrolment;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Lifecycle;
using MisuseLab.Platform.Monitoring;
using MisuseLab.Platform.Sessions;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Assignment;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>The idle-session sweeper as the running app has it (default limit: 240 minutes without activity).</summary>
[Collection(StudyCollection.Name)]
public sealed class IdleSessionTests(StudyAppFixture app)
{
    private const string Study = "/study/" + StudyAppFixture.Slug;

    /// <summary>Moves every trace of a participant's activity <paramref name="age"/> into the past.</summary>
    private async Task BackdateAsync(long participantId, TimeSpan age)
    {
        var then = app.Connections.Dialect.TimestampParameter(DateTimeOffset.UtcNow - age);
        await using var connection = await app.Connections.OpenForWriteAsync();
        foreach (var sql in new[]
        {
            "UPDATE participants SET started_at = @Then WHERE id = @Id",
            "UPDATE events SET at = @Then WHERE participant_id = @Id",
            "UPDATE answers SET answered_at = @Then, updated_at = @Then WHERE participant_id = @Id",
            "UPDATE background_answers SET answered_at = @Then WHERE participant_id = @Id",
        })
        {
            await connection.ExecuteAsync(sql, new { Then = then, Id = participantId });
        }
    }

    [Fact]
    public async Task A_session_idle_past_the_limit_is_abandoned_its_place_freed_and_the_participant_told_on_return()
    {
        var globalPage = app.Definition.IndexOf("global");
        var walker = app.NewClient();
        var page = await walker.AdvanceToAsync(app, await walker.EnrolAsync(), globalPage);
        var gone = await walker.MeAsync();
        var recent = app.NewClient();
        await recent.EnrolAsync();
        var stays = await recent.MeAsync();
        await BackdateAsync(gone.Id, TimeSpan.FromMinutes(241));
        await BackdateAsync(stays.Id, TimeSpan.FromMinutes(200));

        var abandoned = await app.Services.GetRequiredService<IdleSessionSweeper>().SweepAsync(CancellationToken.None);

        Assert.Contains(gone.Id, abandoned);
        Assert.DoesNotContain(stays.Id, abandoned);
        Assert.Equal(ParticipantStatus.Abandoned, (await walker.MeAsync()).Status);
        Assert.True((await recent.MeAsync()).IsInProgress, "a session idle for less than the limit was ended");
        Assert.NotEmpty(await app.Responses.ListBackgroundAsync(gone.Id)); // abandoning keeps what they gave
        Assert.NotEmpty(await app.Responses.ListEventsAsync(gone.Id));
        var slot = (await app.Participants.ListSlotsAsync(app.Version.Id)).Single(s => s.Index == gone.SlotIndex);
        Assert.Equal(SlotState.Abandoned, slot.State);

        var back = await walker.FollowAsync(await walker.GetAsync(Study));
        Assert.Contains("This session has ended", back.Body);
        var autosave = await walker.PostJsonAsync($"/api/study/{StudyAppFixture.Slug}/answers", """{"item":"global-confidence","value":"3"}""", ParticipantClient.TokenOf(page));
        Assert.Equal(409, autosave.Status);

        var audit = await app.Services.GetRequiredService<AuditLog>().ReadAsync(limit: 100_000);
        var entry = audit.Last(e => e.Action == IdleSessionSweeper.Action);
        Assert.Equal(("system/idle-sweeper", "participants"), (entry.Actor, entry.Entity));
        Assert.Contains(gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.PayloadJson);
        Assert.Empty(await app.Services.GetRequiredService<IdleSessionSweeper>().SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_study_declaring_abandoned_sessions_deleted_has_them_erased_by_the_sweep_and_a_keeping_study_keeps_them()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        const string slug = "demo-abandon-delete";
        root["id"] = slug;
        root["consent"]!["text"] = "If you leave without finishing, your answers so far are deleted.";
        root["consent"]!["abandoned"] = "delete";
        var file = Path.Combine(Directory.CreateTempSubdirectory("misuselab-abandon-").FullName, slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);

        var leaver = app.NewClient();
        var consent = await leaver.RegisterThroughJoinAsync("", slug);
        var background = await leaver.FollowAsync(await leaver.PostFormAsync($"/join/{slug}", [new("decision", "agree")], ParticipantClient.TokenOf(consent)));
        await leaver.PostFormAsync($"/study/{slug}/background", ParticipantClient.ValidAnswers(MisuseLab.Study.Definitions.DefaultBackground.Questions), ParticipantClient.TokenOf(background));
        var gone = await leaver.MeAsync(version.StudyId);
        var keeper = app.NewClient();
        await keeper.EnrolAsync(); // kaur2020, whose policy is the default, keep
        var kept = await keeper.MeAsync();
        await BackdateAsync(gone.Id, TimeSpan.FromMinutes(300));
        await BackdateAsync(kept.Id, TimeSpan.FromMinutes(300));

        var abandoned = await app.Services.GetRequiredService<IdleSessionSweeper>().SweepAsync(CancellationToken.None);

        Assert.Contains(gone.Id, abandoned);
        Assert.Contains(kept.Id, abandoned);
        Assert.Null(await app.Participants.GetAsync(gone.Id));
        Assert.Empty(await MisuseLab.TestSupport.DatabaseScan.ReferencesAsync(app.Connections, gone.Id, "participant_id", "used_by"));
        Assert.Equal(SlotState.Free, (await app.Participants.ListSlotsAsync(version.Id)).Single(s => s.Index == gone.SlotIndex).State);
        Assert.Equal(ParticipantStatus.Abandoned, (await app.Participants.GetAsync(kept.Id))!.Status);
        Assert.NotEmpty(await app.Responses.ListBackgroundAsync(kept.Id));
        var erased = (await app.Services.GetRequiredService<AuditLog>().ReadEntityAsync("study/" + slug)).Single(e => e.Action == MisuseLab.Platform.Withdrawal.ParticipantWithdrawal.Action);
        Assert.Equal(IdleSessionSweeper.Actor, erased.Actor);
        Assert.Contains("\"reason\":\"abandoned\"", erased.PayloadJson);
        Assert.Contains(gone.Pseudonym, erased.PayloadJson);
    }
}
