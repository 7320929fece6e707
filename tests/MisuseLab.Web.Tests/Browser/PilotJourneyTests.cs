using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Bots;
using MisuseLab.Platform.Audit;
using MisuseLab.Platform.Launch;
using MisuseLab.Platform.Pilots;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// A facilitator pilots an invite-only study with bots from the study's page, in Chromium, against the app served by
/// Kestrel: the bots run over real HTTP to the app's own loopback address, as in production.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PilotJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const int Bots = 3;

    [Fact]
    public async Task A_facilitator_pilots_an_invite_only_study_with_three_bots_that_finish_as_pilot_participants_left_out_of_the_analysis()
    {
        var (slug, version) = await LaunchInviteOnlyDemoAsync();
        // One real participant with an ordinary invitation, so the analysis has someone to count besides the pilot.
        var real = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri(app.BaseUrl + "/"), StudySlug = slug, Participants = 1, Concurrency = 1,
            InviteCodes = [await app.NewInviteCodeAsync(version.StudyId)], Seed = 3,
        });
        Assert.True(real.Completed == 1, string.Join("; ", real.ErrorDetails.Select(e => e.Message)));

        var journal = new BrowserJournal("pilot", output);
        var facilitator = await app.AddAccountAsync(Roles.Facilitator);
        await app.AddMemberAsync(facilitator, slug); // launched by the fixture, so no importer: added as an admin would
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: false);
        await page.SignInThroughLoginFormAsync(journal, facilitator, $"/facilitator/studies/{slug}");
        await journal.StepAsync(page, "study");

        await page.GetByLabel("Number of bots").FillAsync(Bots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("How bots answer").SelectOptionAsync("random");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start pilot" }).ClickAsync();
        await page.WaitForURLAsync($"**/facilitator/versions/{version.Id}/monitor");
        // The bots run in the background; the test waits on the job itself, then reads the monitor afresh.
        var pilots = app.Services.GetRequiredService<PilotRuns>();
        await pilots.Latest!.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal((PilotState.Finished, Bots, 0), (pilots.Find(slug)!.State, pilots.Find(slug)!.Completed, pilots.Find(slug)!.Errors));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#pilot-total")).ToHaveTextAsync($"{Bots}");
        await Assertions.Expect(page.Locator("#pilot-total-completed")).ToHaveTextAsync($"{Bots}");
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("1"); // the real participant only
        await Assertions.Expect(page.Locator("#total-completed")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#pilot-run")).ToContainTextAsync($"{Bots} completed");
        await journal.StepAsync(page, "monitor");

        // Stored: three completed pilot participants outside the real blocks; the real one holds the first real place.
        var stored = await app.Participants.ListByVersionAsync(version.Id);
        var pilot = stored.Where(p => p.Pilot).ToList();
        Assert.Equal(Bots, pilot.Count);
        Assert.All(pilot, p => Assert.Equal(ParticipantStatus.Completed, p.Status));
        Assert.Equal(Enumerable.Range(0, Bots).Select(ParticipantRepository.PilotSlot).Order(), pilot.Select(p => p.SlotIndex).Order());
        Assert.Equal(0, Assert.Single(stored, p => !p.Pilot).SlotIndex);
        var actions = (await app.Services.GetRequiredService<StudyAudit>().ForStudyAsync(slug, CancellationToken.None)).Select(e => e.Action).ToList();
        Assert.Contains("study.pilot-started", actions);
        Assert.Contains("study.pilot-finished", actions);

        // The analyst's export: analysis.json counts the real participant only, unless pilots are asked for.
        var analyst = await app.AddAccountAsync(Roles.Analyst);
        await app.AddMemberAsync(analyst, slug);
        await using var analystContext = await app.NewContextAsync();
        var analystPage = await journal.OpenAsync(analystContext, drawsCharts: false);
        await analystPage.SignInThroughLoginFormAsync(journal, analyst, "/analyst/studies");
        var plain = await ExportAsync(analystPage, $"/analyst/studies/{slug}/export.zip");
        var withPilots = await ExportAsync(analystPage, $"/analyst/studies/{slug}/export.zip?includePilot=true");
        Assert.Equal(1, AnalysedParticipants(plain));
        Assert.Equal(1 + Bots, AnalysedParticipants(withPilots));
        var everything = string.Concat(plain.Values);
        Assert.All(pilot, p => Assert.DoesNotContain(p.Pseudonym, everything));
        Assert.All(pilot, p => Assert.Contains(p.Pseudonym, withPilots["participants.csv"]));
        journal.AssertNoProblems();
    }

    /// <summary>demo.json as a new study whose enrolment is by invitation only, launched through the app's own launcher.</summary>
    private async Task<(string Slug, Storage.Studies.StudyVersionRecord Version)> LaunchInviteOnlyDemoAsync()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        var slug = $"demo-pilot-{Guid.NewGuid().ToString("N")[..8]}";
        root["id"] = slug;
        root["enrolment"] = new JsonObject { ["mode"] = "invite" };
        var file = Path.Combine(Path.GetTempPath(), slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        try
        {
            return (slug, await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("browser-tests"), CancellationToken.None));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<Dictionary<string, string>> ExportAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"GET {path}: {response.Status}");
        using var zip = new ZipArchive(new MemoryStream(await response.BodyAsync()), ZipArchiveMode.Read);
        return zip.Entries.Where(e => e.Name.Length > 0).ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    private static int AnalysedParticipants(Dictionary<string, string> export)
    {
        using var analysis = JsonDocument.Parse(export["analysis.json"]);
        return analysis.RootElement.GetProperty("all").GetProperty("participants").GetInt32();
    }
}
