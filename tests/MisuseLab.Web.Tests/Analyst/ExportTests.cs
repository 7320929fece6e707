using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Responses;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;

namespace MisuseLab.Web.Tests.Analyst;

[Collection(AnalystCollection.Name)]
public sealed class ExportTests(AnalystAppFixture app) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-export-").FullName;

    private async Task<string> DownloadAsync(string query = "")
    {
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var response = await analyst.GetAsync($"/analyst/studies/{AnalystAppFixture.Slug}/export.zip{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var target = Path.Combine(_folder, "zip" + Guid.NewGuid().ToString("N"));
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        zip.ExtractToDirectory(target);
        return target;
    }

    [Fact]
    public async Task The_export_holds_exactly_what_was_answered_with_keys_from_the_stimuli_seen_and_no_withdrawn_participant()
    {
        var people = await AnalystPopulation.EnsureAsync(app);
        var folder = await DownloadAsync();
        var csv = PythonCsv.ReadFolder(folder);
        var kept = people.Where(p => p.Record.Status != ParticipantStatus.Withdrawn).ToList();
        var withdrawn = people.Single(p => p.Record.Status == ParticipantStatus.Withdrawn);
        var stimuli = app.Services.GetRequiredService<StimulusRepository>();
        var codes = (await app.Services.GetRequiredService<FreeTextCodeRepository>().ListByVersionAsync(app.Version.Id))
            .ToDictionary(c => (c.ParticipantId, c.ItemId), c => c.Code);

        Assert.Equal(["codebook.csv", "events.csv", "participants.csv", "responses.csv", "stimuli.csv"], csv.Keys.Order());
        Assert.True(File.Exists(Path.Combine(folder, "README.txt")));

        // responses.csv: one row per participant × answered item, in page order, with the factor as its own column.
        var responses = csv["responses.csv"];
        Assert.Equal(["pseudonym", "cell", "fidelity", "page", "page_index", "item", "item_type", "value", "key", "correct",
            "stimulus_sha256", "answered_at", "updated_at", "seconds_on_page", "code"], responses.Header);
        var expectedRows = kept.Sum(p => p.Answers.Count);
        Assert.Equal(expectedRows, responses.Rows.Count);
        var events = app.Services.GetRequiredService<ResponseRepository>();
        foreach (var p in kept)
        {
            // Seconds on page: the server-measured dwell of the page's submit event.
            var dwell = (await events.ListEventsAsync(p.Record.Id)).Where(e => e.Type == "page.submit")
                .ToDictionary(e => e.PageId, e => JsonDocument.Parse(e.DetailJson).RootElement.GetProperty("dwell_ms").GetDouble() / 1000);
            var rows = responses.Rows.Where(r => r["pseudonym"] == p.Record.Pseudonym).ToList();
            var expectedItems = app.Definition.Pages.SelectMany(pg => pg.Questions).Select(q => q.Id).Where(p.Answers.ContainsKey).ToList();
            Assert.Equal(expectedItems, rows.Select(r => r["item"]));
            foreach (var row in rows)
            {
                var item = row["item"];
                var page = app.Definition.Pages.Single(pg => pg.Questions.Any(q => q.Id == item));
                var question = page.Questions.Single(q => q.Id == item);
                Assert.Equal(p.Record.CellId, row["cell"]);
                Assert.Equal(app.Definition.Cell(p.Record.CellId).Levels["fidelity"], row["fidelity"]);
                Assert.Equal(page.Id, row["page"]);
                Assert.Equal(app.Definition.Pages.ToList().IndexOf(page).ToString(), row["page_index"]);
                Assert.Equal(StudyVocabulary.NameOf(question.Kind), row["item_type"]);
                Assert.Equal(p.Answers[item], row["value"]);

                // The stimulus: the one placed for this participant's cell and page, re-hashed from the exported bytes.
                var placed = await stimuli.FindAsync(app.Version.Id, p.Record.CellId, page.Id);
                Assert.Equal(placed?.Sha256 ?? "", row["stimulus_sha256"]);
                string? expectedKey = question.Key?.Literal;
                if (placed is not null)
                {
                    var bytes = File.ReadAllBytes(Path.Combine(folder, "stimuli", placed.Sha256 + ".json"));
                    Assert.Equal(placed.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
                    var seen = StimulusSerializer.Deserialize(Encoding.UTF8.GetString(bytes));
                    Assert.Equal((p.Record.CellId, page.Id), (seen.Condition, seen.Page));
                    if (question.Key?.Derived == DerivedKey.ShownTopFeature)
                    {
                        expectedKey = ((GlobalPayload)seen.Payload).Features[0].Name;
                    }
                    else if (question.Key?.Derived == DerivedKey.ShownEffectRises)
                    {
                        var effect = (EffectPayload)seen.Payload;
                        expectedKey = effect.Y[^1] > effect.Y[0] ? "yes" : "no";
                    }
                    else if (question.Key?.Derived == DerivedKey.ShownEffectSpike)
                    {
                        expectedKey = EffectSpike.Key((EffectPayload)seen.Payload, question.Options);
                    }
                }
                Assert.Equal(expectedKey ?? "", row["key"]);
                Assert.Equal(expectedKey is null ? "" : p.Answers[item] == expectedKey ? "1" : "0", row["correct"]);
                Assert.Equal(Math.Round(dwell[page.Id], 3), double.Parse(row["seconds_on_page"], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(codes.GetValueOrDefault((p.Record.Id, item)) ?? "", row["code"]);
                var answered = DateTimeOffset.Parse(row["answered_at"], System.Globalization.CultureInfo.InvariantCulture);
                Assert.EndsWith("Z", row["answered_at"]);
                Assert.InRange(answered, p.Record.StartedAt, DateTimeOffset.UtcNow);
            }
        }
        // Inverted and real cells saw different global explanations, and the keys follow what each saw.
        var topKeys = responses.Rows.Where(r => r["item"] == "top-feature").GroupBy(r => r["cell"]).ToDictionary(g => g.Key, g => g.Select(r => r["key"]).Distinct().Single());
        Assert.NotEqual(topKeys["demo-real"], topKeys["demo-inverted"]);

        // participants.csv: every participant but the withdrawn one, background answers one column each.
        var participants = csv["participants.csv"];
        var background = DefaultBackground.For(app.Definition).Select(q => q.Id).ToList();
        Assert.Equal(["pseudonym", "cell", "fidelity", "status", "withdrawn", "pilot", "started_at", "finished_at", "duration_seconds", "last_page", "excluded", "exclusion_reason", .. background], participants.Header);
        Assert.Equal(kept.Select(p => p.Record.Pseudonym), participants.Rows.Select(r => r["pseudonym"]));
        foreach (var p in kept)
        {
            var row = participants.Rows.Single(r => r["pseudonym"] == p.Record.Pseudonym);
            Assert.Equal(p.Record.Status == ParticipantStatus.Completed ? "completed" : "active", row["status"]);
            Assert.Equal("0", row["withdrawn"]);
            foreach (var (id, value) in p.Background) Assert.Equal(value, row[id]);
            if (p.Record.Status == ParticipantStatus.Completed)
            {
                Assert.Equal("debrief", row["last_page"]);
                var duration = double.Parse(row["duration_seconds"], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal((p.Record.FinishedAt!.Value - p.Record.StartedAt).TotalSeconds, duration, 0.001);
            }
            else
            {
                Assert.Equal("", row["finished_at"]);
            }
        }

        // events.csv: every stored event of the kept participants, none of the withdrawn one.
        var responsesRepo = app.Services.GetRequiredService<ResponseRepository>();
        foreach (var p in kept)
        {
            var stored = await responsesRepo.ListEventsAsync(p.Record.Id);
            var rows = csv["events.csv"].Rows.Where(r => r["pseudonym"] == p.Record.Pseudonym).ToList();
            Assert.Equal(stored.Select(e => (e.PageId, e.Type, e.DetailJson)), rows.Select(r => (r["page"], r["type"], r["detail"])));
        }
        Assert.Equal(kept.Count, csv["events.csv"].Rows.Select(r => r["pseudonym"]).Distinct().Count());

        // stimuli.csv and files: every stimulus of the version, each file hashing to its name.
        var stimulusFiles = Directory.GetFiles(Path.Combine(folder, "stimuli"));
        Assert.Equal(csv["stimuli.csv"].Rows.Select(r => r["sha256"]).Distinct().Order(), stimulusFiles.Select(f => Path.GetFileNameWithoutExtension(f)).Order());
        Assert.Equal(await stimuli.CountAsync(app.Version.Id), csv["stimuli.csv"].Rows.Count);
        foreach (var file in stimulusFiles)
        {
            Assert.Equal(Path.GetFileNameWithoutExtension(file), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
        }

        // codebook.csv: every column of every CSV file, and every item with its type, scale, anchors and key.
        var codebook = csv["codebook.csv"].Rows;
        foreach (var (file, table) in csv.Where(t => t.Key != "codebook.csv"))
        {
            foreach (var column in table.Header)
            {
                Assert.Contains(codebook, r => r["file"] == file && r["column"] == column && r["item"] == "" && r["description"].Length > 0);
            }
        }
        foreach (var q in app.Definition.AllQuestions)
        {
            var row = Assert.Single(codebook, r => r["item"] == q.Id && r["file"] == "responses.csv");
            Assert.Equal(StudyVocabulary.NameOf(q.Kind), row["type"]);
            Assert.Equal(q.Prompt, row["prompt"]);
            if (q.Scale is not null)
            {
                Assert.Equal($"{q.Scale.Min}-{q.Scale.Max}", row["scale"]);
                Assert.Equal(string.Join("; ", q.Scale.Anchors.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}")), row["anchors"]);
            }
            if (q.Key?.Literal is { } literal) Assert.Equal(literal, row["answer_key"]);
            if (q.Key?.Derived is not null) Assert.StartsWith("derived: ", row["answer_key"]);
        }
        foreach (var id in background) Assert.Single(codebook, r => r["item"] == id && r["file"] == "participants.csv" && r["column"] == id);

        // study.json: the frozen definition hashes to the recorded study hash.
        using var study = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "study.json")));
        Assert.Equal(app.Version.StudyHash, study.RootElement.GetProperty("study_hash").GetString());
        Assert.Equal(app.Version.StudyHash, StudyHash.Compute(study.RootElement.GetProperty("definition")));
        Assert.Equal(StudyHash.Compute(File.ReadAllText(app.StudyFile)), app.Version.StudyHash);

        // Nothing identifies a person: no e-mail address, no withdrawn pseudonym.
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("@", text); // no e-mail address of any kind
            Assert.DoesNotContain(withdrawn.Record.Pseudonym, text);
            Assert.DoesNotContain("example.org", text);
        }
    }

    [Fact]
    public async Task A_withdrawn_participant_is_erased_so_even_include_withdrawn_finds_nothing_of_them()
    {
        var people = await AnalystPopulation.EnsureAsync(app);
        var withdrawn = people.Single(p => p.Record.Status == ParticipantStatus.Withdrawn);

        var csv = PythonCsv.ReadFolder(await DownloadAsync("?includeWithdrawn=true"));

        Assert.DoesNotContain(csv["participants.csv"].Rows, r => r["pseudonym"] == withdrawn.Record.Pseudonym);
        Assert.All(csv["participants.csv"].Rows, r => Assert.Equal("0", r["withdrawn"]));
        Assert.DoesNotContain(csv["responses.csv"].Rows, r => r["pseudonym"] == withdrawn.Record.Pseudonym);
        Assert.DoesNotContain(csv["events.csv"].Rows, r => r["pseudonym"] == withdrawn.Record.Pseudonym);
    }

    [Theory]
    [InlineData(Roles.Participant, "/analyst/studies/demo-analyst/export.zip")]
    [InlineData(Roles.Facilitator, "/analyst/studies/demo-analyst")]
    [InlineData(Roles.Participant, "/analyst/studies/demo-analyst/manipulation")]
    public async Task Other_roles_are_refused_with_403(string role, string url)
    {
        var client = await app.SignedInAsync(role);

        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var denied = await client.GetAsync(response.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Admins_pass_and_an_unknown_study_is_404()
    {
        var admin = await app.SignedInAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/analyst/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/analyst/studies/no-such-study/export.zip")).StatusCode);
    }

    [Fact]
    public async Task The_export_carries_the_audit_head_after_its_own_entry_and_the_log_verifies_against_it()
    {
        await AnalystPopulation.EnsureAsync(app);

        var folder = await DownloadAsync();

        var head = AuditHead.Parse((await File.ReadAllTextAsync(Path.Combine(folder, "audit-head.txt"))).TrimEnd('\n'));
        var log = app.Services.GetRequiredService<AuditLog>();
        var entry = Assert.Single(await log.ReadAsync(head.Seq, 1));
        Assert.Equal("study.exported", entry.Action);
        Assert.Equal(entry.Hash, head.Hash);
        var verification = await app.Services.GetRequiredService<AuditVerifier>().VerifyAsync(head);
        Assert.True(verification.IsValid, verification.Reason);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
