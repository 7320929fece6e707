using MisuseLab.Bots;
using MisuseLab.Storage.Participants;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Bots take a study by invitation (kaur2020) when given one code each, as `misuselab bots --invite-codes FILE` does.</summary>
[Collection(StudyCollection.Name)]
public sealed class InviteBotTests(StudyAppFixture app)
{
    /// <summary>Bots against the fixture's study, two at a time, one per code.</summary>
    private static BotOptions Bots(IReadOnlyList<string> codes) => new()
    {
        BaseUrl = new Uri("http://localhost/"),
        StudySlug = StudyAppFixture.Slug,
        Participants = codes.Count,
        Concurrency = Math.Clamp(codes.Count, 1, 2),
        InviteCodes = codes,
    };

    private async Task<ParticipantRecord> ParticipantOfAsync(string code)
    {
        var used = await app.Participants.FindInviteCodeAsync(code);
        Assert.NotNull(used?.UsedBy);
        return (await app.Participants.GetAsync(used!.UsedBy!.Value))!;
    }

    [Fact]
    public async Task Bots_with_one_invite_code_each_complete_kaur2020()
    {
        var codes = new[] { await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync() };

        var report = await BotRunner.RunAsync(Bots(codes) with { Seed = 7 }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal(codes.Length, report.Completed);
        foreach (var code in codes)
        {
            var participant = await ParticipantOfAsync(code);
            Assert.Equal((ParticipantStatus.Completed, EntryKind.Invite, code), (participant.Status, participant.Entry, participant.EntryCode));
        }
    }

    [Fact]
    public async Task Bots_join_by_link_without_an_account_and_come_back_through_their_resume_link()
    {
        var codes = new[] { await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync() };

        // Reconnect: halfway each bot drops its cookies; without an account only its resume link signs it back in.
        var report = await BotRunner.RunAsync(Bots(codes) with { Reconnect = true, Seed = 11 }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal(codes.Length, report.Completed);
        Assert.Equal(report.LatenciesMs.Count, report.StudyLatenciesMs.Count); // no /account/ request at all
        Assert.NotEmpty(report.JoinLatenciesMs!);
        Assert.Equal(report.LatenciesMs.Count, report.JoinLatenciesMs!.Count + report.PageLatenciesMs!.Count);
        foreach (var code in codes)
        {
            // One participant per code, finished, and never an account: the same session continued after the reconnect.
            var participant = await ParticipantOfAsync(code);
            Assert.Equal((ParticipantStatus.Completed, (long?)null), (participant.Status, participant.UserId));
        }
    }

    [Fact]
    public async Task A_fixed_time_run_stops_its_bots_without_counting_them_as_errors()
    {
        var code = await app.NewInviteCodeAsync();

        // Ten minutes' thinking before every action: whatever the bot managed, the one-second run ends it mid-study.
        var report = await BotRunner.RunAsync(Bots([code]) with
        {
            ThinkTimeMin = TimeSpan.FromMinutes(10),
            ThinkTimeMax = TimeSpan.FromMinutes(10),
            Duration = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMinutes(11),
        }, app.Server.CreateHandler());

        Assert.Equal((0, 0, 1), (report.Errors, report.Completed, report.Stopped));
    }

    [Fact]
    public async Task Without_codes_bots_are_turned_away_from_an_invite_only_study()
    {
        var report = await BotRunner.RunAsync(Bots([]) with
        {
            Participants = 1,
            InviteCodes = null,
            Timeout = TimeSpan.FromSeconds(60),
        }, app.Server.CreateHandler());

        Assert.Equal(0, report.Completed);
        Assert.Equal(1, report.Errors);
    }
}
