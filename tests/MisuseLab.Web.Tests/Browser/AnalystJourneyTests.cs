using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.Playwright;
using MisuseLab.Bots;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>An analyst reads the demo study's analysis and downloads its export in Chromium, over real HTTP.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AnalystJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    private const int Bots = 4; // two assignment blocks of the demo's two cells

    private static readonly string[] ResponseColumns =
    [
        "pseudonym", "cell", "fidelity", "page", "page_index", "item", "item_type", "value", "key", "correct",
        "stimulus_sha256", "answered_at", "updated_at", "seconds_on_page", "code",
    ];

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [Fact]
    public async Task An_analyst_downloads_the_export_from_the_analysis_page_and_its_CSV_files_hold_what_is_stored_and_no_e_mail_address()
    {
        var journal = new BrowserJournal("analyst", output);
        const string slug = BrowserAppFixture.DemoSlug;
        var version = app.DemoVersion;

        // Completed sessions to analyse: scripted participants through the participant pages over real HTTP.
        var bots = await BotRunner.RunAsync(new BotOptions
        {
            BaseUrl = new Uri(app.BaseUrl + "/"), StudySlug = slug, Participants = Bots, Concurrency = 2, Policy = BotPolicy.Random, Seed = 11,
            Timeout = TimeSpan.FromMinutes(5),
        });
        Assert.True(bots.Completed == Bots, $"{bots.Completed} of {Bots} bots completed: {string.Join("; ", bots.ErrorDetails.Select(e => e.Message))}");

        // What the database holds for the demo version (other tests of the collection may have added participants).
        var stored = (await app.Participants.ListByVersionAsync(version.Id)).Where(p => p.Status != ParticipantStatus.Withdrawn).ToList();
        var completed = stored.Where(p => p.Status == ParticipantStatus.Completed).ToList();
        Assert.True(completed.Count >= Bots, $"expected at least {Bots} completed participants; found {completed.Count}");
        var answers = new List<(ParticipantRecord Participant, StoredAnswer Answer)>();
        foreach (var p in stored)
        {
            answers.AddRange((await app.Responses.ListAnswersAsync(p.Id)).Select(a => (p, a)));
        }

        var email = await app.AddAccountAsync(Roles.Analyst);
        await app.AddMemberAsync(email, slug);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);
        await page.SignInThroughLoginFormAsync(journal, email, "/analyst/studies");
        await journal.StepAsync(page, "studies");

        // The analysis: every chart drawn, and each rating's n per condition is the number of completed sessions that rated it.
        await page.Locator($"a[href=\"/analyst/studies/{slug}\"]").ClickAsync();
        await page.WaitForURLAsync($"**/analyst/studies/{slug}");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Analysis");
        var charts = await page.Locator(".chart").CountAsync();
        Assert.True(charts > 0, "the analysis page shows no chart");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.chart.is-drawn svg.main-svg').length >= n && document.querySelectorAll('.chart-fallback').length === 0", charts);
        var ratings = app.Demo.Pages.SelectMany(p => p.Questions).Where(q => q.Kind == QuestionKind.Likert).Select(q => q.Id).ToList();
        Assert.NotEmpty(ratings);
        foreach (var item in ratings)
        {
            foreach (var cell in app.Demo.Conditions.Cells.Select(c => c.Id))
            {
                var n = answers.Count(a => a.Participant.Status == ParticipantStatus.Completed && a.Participant.CellId == cell && a.Answer.ItemId == item);
                await Assertions.Expect(page.Locator($"#rating-{item} tr[data-cell=\"{cell}\"] td.n")).ToHaveTextAsync(n.ToString(CultureInfo.InvariantCulture));
            }
        }
        await journal.StepAsync(page, "analysis");

        // The download, as the browser receives it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download export.zip" }).ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.Equal($"{slug}-{version.Version}-export.zip", download.SuggestedFilename);
        var folder = Directory.CreateTempSubdirectory("misuselab-browser-export-").FullName;
        try
        {
            var path = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(path);
            await journal.StepAsync(page, "downloaded");
            using var zip = ZipFile.OpenRead(path);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Superset(new HashSet<string>(["README.txt", "study.json", "codebook.csv", "events.csv", "participants.csv", "responses.csv", "stimuli.csv"]), names);

            // participants.csv: every participant not withdrawn, in their cell, background answers one column each.
            var (participantHeader, participantRows) = ReadCsv(zip, "participants.csv");
            Assert.Equal(["pseudonym", "cell", "fidelity", "status", "withdrawn", "pilot", "started_at", "finished_at", "duration_seconds", "last_page", "excluded", "exclusion_reason",
                .. DefaultBackground.For(app.Demo).Select(q => q.Id)], participantHeader);
            Assert.Equal(stored.Select(p => p.Pseudonym).Order(StringComparer.Ordinal), participantRows.Select(r => r["pseudonym"]).Order(StringComparer.Ordinal));
            foreach (var p in stored)
            {
                var row = participantRows.Single(r => r["pseudonym"] == p.Pseudonym);
                Assert.Equal((p.CellId, app.Demo.Cell(p.CellId).Levels["fidelity"], "0"), (row["cell"], row["fidelity"], row["withdrawn"]));
                if (p.Status == ParticipantStatus.Completed) Assert.Equal(("completed", "debrief"), (row["status"], row["last_page"]));
            }

            // responses.csv: one row per stored answer, with its value and the hash of the stimulus it was given on.
            var (responseHeader, responseRows) = ReadCsv(zip, "responses.csv");
            Assert.Equal(ResponseColumns, responseHeader);
            Assert.Equal(
                answers.Select(a => (a.Participant.Pseudonym, a.Answer.ItemId, a.Answer.Value, a.Answer.StimulusSha256 ?? "")).Order(),
                responseRows.Select(r => (r["pseudonym"], r["item"], r["value"], r["stimulus_sha256"])).Order());
            foreach (var row in responseRows.Where(r => r["page"] is "global" or "local"))
            {
                Assert.Matches(Sha256Hex(), row["stimulus_sha256"]);
                var placed = await app.Stimuli.FindAsync(version.Id, row["cell"], row["page"]);
                Assert.Equal(placed?.Sha256, row["stimulus_sha256"]);
                Assert.Contains($"stimuli/{row["stimulus_sha256"]}.json", names);
            }
            Assert.Contains(responseRows, r => r["page"] == "global");

            // What each bot was told was saved is what the export says it answered.
            foreach (var (botEmail, acknowledged) in bots.Acknowledged.GroupBy(a => a.Email).Select(g => (g.Key, g.ToList())))
            {
                var user = (await app.Users.FindByEmailAsync(botEmail))!;
                var pseudonym = (await app.Participants.FindByUserAsync(version.StudyId, user.Id))!.Pseudonym;
                foreach (var answer in acknowledged)
                {
                    Assert.Equal(answer.Value, responseRows.Single(r => r["pseudonym"] == pseudonym && r["item"] == answer.Item)["value"]);
                }
            }

            // Pseudonyms only: no e-mail address of any account, nor any '@', in any file of the zip.
            var accounts = (await app.Users.ListAsync()).Select(u => u.Email).ToList();
            Assert.Contains(accounts, a => a.EndsWith("@bots.misuselab.example", StringComparison.Ordinal));
            foreach (var entry in zip.Entries.Where(e => e.Length > 0))
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var text = await reader.ReadToEndAsync();
                Assert.False(text.Contains('@', StringComparison.Ordinal), $"{entry.FullName} contains '@'");
                Assert.DoesNotContain(accounts, a => text.Contains(a, StringComparison.OrdinalIgnoreCase));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        journal.AssertNoProblems();
        Assert.Equal(4, Directory.GetFiles(journal.Folder, "*.png").Length);
    }

    /// <summary>
    /// Reads one CSV file of the zip with CsvHelper, strictly: RFC 4180 with ',' (bad quoting throws), UTF-8 without a
    /// byte order mark, every record exactly as wide as the header.
    /// </summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) ReadCsv(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"the export has no {name}");
        using var buffer = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        Assert.False(bytes.AsSpan().StartsWith("\uFEFF"u8), $"{name} starts with a byte order mark");
        using var csv = CsvReader.Create(bytes, new CsvReaderOptions
        {
            Separator = ',',
            Mode = CsvMode.Rfc4180,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            MissingField = CsvMissingFieldHandling.Throw,
            SkipEmptyLines = false,
        });
        var header = csv.Headers.ToArray();
        Assert.True(header.Length > 0, $"{name} has no header row");
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = csv.GetString(i);
            rows.Add(row);
        }
        return (header, rows);
    }
}
