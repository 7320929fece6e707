using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Studies;
using MisuseLab.Storage.Participants;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Studies;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Participant;

/// <summary>studies/baselines.json: Prolific entry, forward-simulation trials each with their own stimulus, completion redirect.</summary>
[Collection(StudyCollection.Name)]
public sealed class ForwardSimulationTests(StudyAppFixture app)
{
    [Fact]
    public async Task Each_trial_answer_and_its_confidence_carry_that_trial_s_stimulus_and_finishing_returns_to_prolific()
    {
        var definition = app.Services.GetRequiredService<StudyCatalog>().DefinitionOf(app.Baselines);
        var client = app.NewClient();
        // baselines signs in by link, so its entry needs the signed panel URL's signature even for an account holder.
        var signature = app.Services.GetRequiredService<MisuseLab.Platform.Enrolment.PanelEntrySignature>().Sign("baselines");
        var consent = await client.RegisterThroughJoinAsync("?PROLIFIC_PID=60aa11bb22cc33dd44ee55ff&sig=" + signature, "baselines");
        var background = await client.FollowAsync(await client.PostFormAsync("/join/baselines",
            [new("decision", "agree"), new("PROLIFIC_PID", "60aa11bb22cc33dd44ee55ff"), new("sig", signature)], ParticipantClient.TokenOf(consent)));
        var page = await client.FollowAsync(await client.PostFormAsync("/study/baselines/background",
            ParticipantClient.ValidAnswers(definition.Background), ParticipantClient.TokenOf(background)));

        var simulate = definition.IndexOf("simulate");
        for (var index = 1; index < definition.Pages.Count - 1; index++)
        {
            if (index == simulate)
            {
                Assert.Contains("Person A", page.Body);
                Assert.Contains("id=\"q-trial-01:confidence-7\"", page.Body);
            }
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(definition.Pages[index].Questions), "baselines");
        }
        // The debrief's finish form is answered with a 303 to the panel: its CSP must let forms lead to the panel's origin
        // (form-action covers the redirect), and only there.
        var panel = new Uri(definition.Enrolment.CompletionUrl!);
        Assert.Contains($"form-action 'self' {panel.Scheme}://{panel.Host};", page.Headers);
        Assert.Contains("form-action 'self';", background.Headers);
        var finish = await client.PostFormAsync("/study/baselines/finish", [new("choice", "complete")], ParticipantClient.TokenOf(page));

        Assert.Equal(303, finish.Status);
        Assert.Equal(definition.Enrolment.CompletionUrl, finish.Location);
        var me = await client.MeAsync(app.Baselines.StudyId);
        Assert.Equal((ParticipantStatus.Completed, EntryKind.Prolific, "60aa11bb22cc33dd44ee55ff"), (me.Status, me.Entry, me.EntryCode));
        var answers = (await app.Responses.ListAnswersAsync(me.Id)).ToDictionary(a => a.ItemId);
        var trials = definition.Page("simulate").Questions.Where(q => q.Kind == QuestionKind.ForwardSimulation).ToList();
        var hashes = new HashSet<string>();
        foreach (var trial in trials)
        {
            var stored = (await app.Stimuli.FindAsync(me.StudyVersionId, me.CellId, "simulate", trial.Id))!;
            Assert.Equal("b", answers[trial.Id].Value);
            Assert.Equal(stored.Sha256, answers[trial.Id].StimulusSha256);
            Assert.Equal(stored.Sha256, answers[trial.Id + ":confidence"].StimulusSha256);
            Assert.IsType<TrialPayload>(StimulusSerializer.Deserialize(stored.CanonicalJson).Payload);
            hashes.Add(stored.Sha256);
        }
        Assert.Equal(trials.Count, hashes.Count); // every trial is its own stimulus
        Assert.Null(answers["attention-sim"].StimulusSha256); // the page itself shows no content
    }
}
