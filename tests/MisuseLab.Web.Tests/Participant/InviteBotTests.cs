using System.Globalization;
using MisuseLab.Bots;
using MisuseLab.Study.Definitions;
using MisuseLab.Storage.Participants;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>Bots take a study by invitation (kaur2020) when given one code each, as `misuselab bots --invite-codes FILE` does.</summary>
[Collection(StudyCollection.Name)]
public sealed class InviteBotTests(StudyAppFixture app)
{
    /// <summary>Bots against the fixture's study, two at a time, one per code, told kaur2020's entry rule so every one is admitted.</summary>
    private BotOptions Bots(IReadOnlyList<string> codes) => new()
    {
        BaseUrl = new Uri("http://localhost/"),
        StudySlug = StudyAppFixture.Slug,
        Participants = codes.Count,
        Concurrency = Math.Clamp(codes.Count, 1, 2),
        InviteCodes = codes,
        Screening = new ScreeningKnowledge(app.Definition.Screening!.Item, app.Definition.Screening.Min, app.Definition.Screening.Max),
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

    [Fact]
    public async Task Bots_complete_kaur2020_through_numbers_multi_selects_and_nasa_tlx_and_every_fourth_is_screened_out()
    {
        var codes = new[] { await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync(), await app.NewInviteCodeAsync() };
        var bots = Bots(codes);

        var report = await BotRunner.RunAsync(bots with { Seed = 3, Screening = bots.Screening! with { ScreenOutEvery = 4 } }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal((3, 1), (report.Completed, report.ScreenedOut));
        var background = app.Definition.Background.ToDictionary(q => q.Id);
        var items = AnswerItem.ItemsOf(app.Definition);
        for (var i = 0; i < codes.Length; i++)
        {
            var participant = await ParticipantOfAsync(codes[i]);
            var given = await app.Responses.ListBackgroundAsync(participant.Id);
            var experience = double.Parse(given.Single(a => a.ItemId == app.Definition.Screening!.Item).Value, CultureInfo.InvariantCulture);
            if (i == 3)
            {
                // The fourth bot answered just below the rule (2 on 1–7) and saw no page of the study.
                Assert.Equal((ParticipantStatus.ScreenedOut, 2.0), (participant.Status, experience));
                Assert.Empty(await app.Responses.ListAnswersAsync(participant.Id));
                continue;
            }
            Assert.Equal(ParticipantStatus.Completed, participant.Status);
            Assert.InRange(experience, 3, 7);
            foreach (var number in given.Where(a => background[a.ItemId].Kind == QuestionKind.Number))
            {
                var range = background[number.ItemId].Range!;
                Assert.InRange(double.Parse(number.Value, CultureInfo.InvariantCulture), range.Min, range.Max);
            }
            Assert.Equal(4, given.Count(a => background[a.ItemId].Kind == QuestionKind.Number));

            var answers = (await app.Responses.ListAnswersAsync(participant.Id)).ToDictionary(a => a.ItemId, a => a.Value);
            foreach (var item in items.Where(x => x.Required && x.Question.Kind is QuestionKind.MultiSelect or QuestionKind.NasaTlx))
            {
                Assert.True(answers.TryGetValue(item.ItemId, out var value), $"bot {i}: no answer to {item.ItemId}");
                if (item.Question.Kind == QuestionKind.MultiSelect)
                    Assert.NotEmpty(MultiSelectAnswer.Options(value!, item.Question.Options)); // stored as option texts
                else
                    Assert.InRange(int.Parse(value!, CultureInfo.InvariantCulture), item.Question.Scale!.Min, item.Question.Scale.Max);
            }
            Assert.Equal(6, answers.Keys.Count(k => k.StartsWith("end-tlx:", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_sceptical_bot_that_is_not_told_the_rule_answers_the_lowest_rating_and_is_screened_out_not_failed()
    {
        var code = await app.NewInviteCodeAsync();

        var report = await BotRunner.RunAsync(Bots([code]) with { Policy = BotPolicy.Sceptical, Screening = null }, app.Server.CreateHandler());

        Assert.True(report.Errors == 0, string.Join("; ", report.ErrorDetails.Select(e => e.Message)));
        Assert.Equal((0, 1), (report.Completed, report.ScreenedOut));
        Assert.Equal(ParticipantStatus.ScreenedOut, (await ParticipantOfAsync(code)).Status);
    }
}
