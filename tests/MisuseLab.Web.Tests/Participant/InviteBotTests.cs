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
