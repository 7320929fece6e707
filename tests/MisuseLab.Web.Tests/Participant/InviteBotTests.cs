using MisuseLab.Bots;
using MisuseLab.Storage.Participants;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Bots take a study by invitation (kaur2020) when given one code each, as `misuselab bots --invite-codes FILE` does.</summary>
[Collection(StudyCollection.Name)]
public sealed class InviteBotTests(StudyAppFixture app)
{
    [Fact]
    public async Task Bots_with_one_invite_code_each_complete_kaur2020()
    {
        var codes = new[] { await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync() };

        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = StudyAppFixture.Slug,
            Participants = codes.Length,
            Concurrency = 2,
            InviteCodes = codes,
            Seed = 7,
        }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal(codes.Length, report.Completed);
        foreach (var code in codes)
        {
            var used = await app.Participants.FindInviteCodeAsync(code);
            Assert.NotNull(used?.UsedBy);
            var participant = await app.Participants.GetAsync(used!.UsedBy!.Value);
            Assert.Equal((ParticipantStatus.Completed, EntryKind.Invite, code), (participant!.Status, participant.Entry, participant.EntryCode));
        }
    }

    [Fact]
    public async Task Bots_join_by_link_without_an_account_and_come_back_through_their_resume_link()
    {
        var codes = new[] { await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync() };

        // Reconnect: halfway each bot drops its cookies; without an account only its resume link signs it back in.
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = StudyAppFixture.Slug,
            Participants = codes.Length,
            Concurrency = 2,
            InviteCodes = codes,
            Reconnect = true,
            Seed = 11,
        }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal(codes.Length, report.Completed);
        Assert.Equal(report.LatenciesMs.Count, report.StudyLatenciesMs.Count); // no /account/ request at all
        Assert.NotEmpty(report.JoinLatenciesMs!);
        Assert.Equal(report.LatenciesMs.Count, report.JoinLatenciesMs!.Count + report.PageLatenciesMs!.Count);
        foreach (var code in codes)
        {
            var used = await app.Participants.FindInviteCodeAsync(code);
            var participant = await app.Participants.GetAsync(used!.UsedBy!.Value);
            // One participant per code, finished, and never an account: the same session continued after the reconnect.
            Assert.Equal((ParticipantStatus.Completed, (long?)null), (participant!.Status, participant.UserId));
        }
    }

    [Fact]
    public async Task A_fixed_time_run_stops_its_bots_without_counting_them_as_errors()
    {
        var code = await app.NewInviteCodeAsync();

        // Ten minutes' thinking before every action: whatever the bot managed, the one-second run ends it mid-study.
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = StudyAppFixture.Slug,
            Participants = 1,
            Concurrency = 1,
            InviteCodes = [code],
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
        var report = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri("http://localhost/"),
            StudySlug = StudyAppFixture.Slug,
            Participants = 1,
            Timeout = TimeSpan.FromSeconds(60),
        }, app.Server.CreateHandler());

        Assert.Equal(0, report.Completed);
        Assert.Equal(1, report.Errors);
    }
}
