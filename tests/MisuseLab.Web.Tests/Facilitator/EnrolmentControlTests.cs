using System.Text.RegularExpressions;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Facilitator;

/// <summary>Open, pause and close decide who may join; invite codes admit one person each.</summary>
[Collection(StudyCollection.Name)]
public sealed partial class EnrolmentControlTests(StudyAppFixture app)
{
    [GeneratedRegex(@"<li class=""new-code"">([0-9A-Z]+)</li>")]
    private static partial Regex NewCode();

    [Fact]
    public async Task Pause_and_close_refuse_newcomers_while_people_in_a_session_can_go_on()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);
        await facilitator.LaunchAsync(app, id);
        var definition = StudyValidator.Validate(json).Definition!;
        var (participant, background) = await app.JoinAsync(slug);
        var firstPage = await participant.AnswerBackgroundAsync(slug, definition, background);
        Assert.EndsWith("/page/1", firstPage.Url);

        Assert.Equal(302, (await facilitator.SetStatusAsync(id, "paused")).Status);
        var paused = await app.NewClient().GetAsync($"/join/{slug}");
        var onward = await participant.SubmitPageAsync(slug, firstPage, 1, ParticipantClient.ValidAnswers(definition.Pages[1].Questions));

        Assert.Equal(403, paused.Status);
        Assert.Contains("paused", paused.Body);
        Assert.EndsWith("/page/2", onward.Url);
        Assert.Equal(StudyStatus.Paused, (await app.Studies().FindVersionAsync(id))!.Status);

        Assert.Equal(302, (await facilitator.SetStatusAsync(id, "open")).Status);
        var reopened = await app.NewClient().GetAsync($"/join/{slug}");
        Assert.Equal(302, reopened.Status);
        Assert.StartsWith("/account/register", reopened.Location);

        Assert.Equal(302, (await facilitator.SetStatusAsync(id, "closed")).Status);
        var closed = await app.NewClient().GetAsync($"/join/{slug}");
        Assert.Equal(403, closed.Status);
        Assert.Contains("It has closed", closed.Body);

        var pauseClosed = await facilitator.SetStatusAsync(id, "paused");
        Assert.Equal(409, pauseClosed.Status);
        Assert.Contains("cannot be set to paused", pauseClosed.Body);
        Assert.Equal(StudyStatus.Closed, (await app.Studies().FindVersionAsync(id))!.Status);
    }

    [Fact]
    public async Task A_draft_cannot_be_opened_without_launching()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        var id = await facilitator.ImportAsync(json);

        var response = await facilitator.SetStatusAsync(id, "open");

        Assert.Equal(409, response.Status);
        Assert.Contains("launch it", response.Body);
        Assert.Equal(404, (await app.NewClient().GetAsync($"/join/{slug}")).Status);
    }

    [Fact]
    public async Task Invite_codes_are_shown_once_and_admit_one_person_each()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy(root => root["enrolment"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "invite", ["participant_sign_in"] = "account" });
        var id = await facilitator.ImportAsync(json);
        await facilitator.LaunchAsync(app, id);

        var generated = await facilitator.PostFromAsync($"/facilitator/studies/{slug}/invites", $"/facilitator/studies/{slug}/invites", ("count", "3"));
        var codes = NewCode().Matches(generated.Body).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(200, generated.Status);
        Assert.Contains("no-store", generated.Headers);
        Assert.Equal(3, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Contains($"/join/{slug}?code={c}", generated.Body));

        var list = await facilitator.GetAsync($"/facilitator/studies/{slug}/invites");
        Assert.All(codes, c => Assert.DoesNotContain(c, list.Body));
        Assert.Equal(3, Regex.Matches(list.Body, "class=\"code-unused\"").Count);

        var noCode = await app.NewClient().GetAsync($"/join/{slug}");
        Assert.Equal(403, noCode.Status);
        var (_, consented) = await app.JoinAsync(slug, "?code=" + codes[0]);
        Assert.Equal(200, consented.Status);
        var second = await app.NewClient().GetAsync($"/join/{slug}?code={codes[0]}");
        Assert.Equal(403, second.Status);
        Assert.Contains("already been used", second.Body);

        var used = await facilitator.GetAsync($"/facilitator/studies/{slug}/invites");
        var participant = Assert.Single(await app.Participants.ListByVersionAsync(id));
        Assert.Equal(EntryKind.Invite, participant.Entry);
        Assert.Equal(codes[0], participant.EntryCode);
        Assert.Single(Regex.Matches(used.Body, "class=\"code-used\""));
        Assert.Equal(2, Regex.Matches(used.Body, "class=\"code-unused\"").Count);
        Assert.Contains(participant.Pseudonym, used.Body);
    }

    [Fact]
    public async Task Generating_a_bad_number_of_codes_is_refused()
    {
        var facilitator = await app.SignedInAsync(Roles.Facilitator);
        var (slug, json) = FacilitatorSteps.DemoStudy();
        await facilitator.ImportAsync(json);

        var zero = await facilitator.PostFromAsync($"/facilitator/studies/{slug}/invites", $"/facilitator/studies/{slug}/invites", ("count", "0"));
        var many = await facilitator.PostFromAsync($"/facilitator/studies/{slug}/invites", $"/facilitator/studies/{slug}/invites", ("count", "501"));

        Assert.Equal(400, zero.Status);
        Assert.Equal(400, many.Status);
        Assert.Contains("from 1 to 500", zero.Body);
        Assert.Contains("No codes yet", many.Body);
    }
}
