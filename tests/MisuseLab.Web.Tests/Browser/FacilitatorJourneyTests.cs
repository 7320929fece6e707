using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>A facilitator takes a study from a file to launched, in Chromium over real HTTP, the way a person would.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FacilitatorJourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    /// <summary>Launching trains the study's models and computes every explanation: minutes on a slow shared runner.</summary>
    private const float LaunchTimeoutMs = 300_000;

    private const string EditedCell = "demo-inverted";
    private const string EditedTo = "sign-flipped";

    [GeneratedRegex(@"/facilitator/versions/(\d+)$")]
    private static partial Regex VersionUrl();

    [Fact]
    public async Task A_facilitator_imports_a_study_file_edits_a_condition_and_launches_it_frozen_with_the_edit_built_in()
    {
        var journal = new BrowserJournal("facilitator", output);
        var (slug, json) = DemoCopy();
        var email = await app.AddAccountAsync(Roles.Facilitator);
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: false);

        await page.SignInThroughLoginFormAsync(journal, email, "/facilitator");
        await journal.StepAsync(page, "studies");

        // Import: the study file goes through the form's file input, as a chosen file would.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Facilitator" }).GetByRole(AriaRole.Link, new() { Name = "Import a study" }).ClickAsync();
        await page.WaitForURLAsync("**/facilitator/import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = $"{slug}.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(json) });
        await journal.StepAsync(page, "import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate and import" }).ClickAsync();
        await page.WaitForURLAsync(VersionUrl());
        var versionId = long.Parse(VersionUrl().Match(page.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("main .notice")).ToHaveTextAsync($"Imported {slug} 1.0.0 as a draft.");
        await Assertions.Expect(page.Locator("main header .status")).ToHaveTextAsync("draft");
        await Assertions.Expect(ManipulationShown(page, EditedCell)).ToHaveTextAsync("inverted");
        var importedHash = (await page.Locator("#study-hash").InnerTextAsync()).Trim();
        Assert.Equal(StudyHash.Compute(json), importedHash); // what was stored is exactly the uploaded file
        await journal.StepAsync(page, "draft");

        // Edit: the inverted cell becomes sign-flipped.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit draft" }).ClickAsync();
        await page.WaitForURLAsync($"**/facilitator/versions/{versionId}/edit");
        await page.GetByLabel($"Manipulation of {EditedCell}").SelectOptionAsync(EditedTo);
        await journal.StepAsync(page, "edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate and save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(VersionUrl());
        await Assertions.Expect(page.Locator("main .notice")).ToHaveTextAsync("Saved: the draft validates.");
        await Assertions.Expect(ManipulationShown(page, EditedCell)).ToHaveTextAsync(EditedTo);
        await Assertions.Expect(ManipulationShown(page, "demo-real")).ToHaveTextAsync("real");
        var editedHash = (await page.Locator("#study-hash").InnerTextAsync()).Trim();
        Assert.NotEqual(importedHash, editedHash);
        var draft = (await app.Studies.FindVersionAsync(versionId))!;
        Assert.Equal((StudyStatus.Draft, editedHash, (DateTimeOffset?)null), (draft.Status, draft.StudyHash, draft.LaunchedAt));
        Assert.Equal(EditedTo, CellOf(draft, EditedCell).Manipulation);
        await journal.StepAsync(page, "edited");

        // Launch: the POST returns at once; the version page shows "building" and reloads itself until the build ends.
        await page.GetByRole(AriaRole.Button, new() { Name = "Launch (freeze and build stimuli)" }).ClickAsync();
        await page.WaitForURLAsync(VersionUrl());
        await journal.StepAsync(page, "launching");
        await Assertions.Expect(page.Locator("main header .status")).ToHaveTextAsync("open", new() { Timeout = LaunchTimeoutMs });
        await Assertions.Expect(page.Locator("main header .badge")).ToHaveTextAsync($"current: /join/{slug} admits here");
        await Assertions.Expect(page.Locator("#study-hash")).ToHaveTextAsync(editedHash);
        await Assertions.Expect(ManipulationShown(page, EditedCell)).ToHaveTextAsync(EditedTo);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit draft" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Launch (freeze and build stimuli)" })).ToHaveCountAsync(0);
        var stimulusCount = int.Parse((await page.Locator("#stimulus-count").InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);
        Assert.True(stimulusCount > 0, "the launched version shows no stored stimuli");
        await journal.StepAsync(page, "launched");

        // Stored: launched and open with the frozen hash of exactly the edited content, current for /join/{slug}.
        var launched = (await app.Studies.FindVersionAsync(versionId))!;
        Assert.Equal(StudyStatus.Open, launched.Status);
        Assert.NotNull(launched.LaunchedAt);
        Assert.Equal(editedHash, launched.StudyHash);
        Assert.Equal(launched.StudyHash, StudyHash.Compute(launched.DefinitionJson));
        Assert.Equal(EditedTo, CellOf(launched, EditedCell).Manipulation);
        Assert.Equal(versionId, (await app.Studies.FindStudyAsync(slug))!.CurrentVersionId);
        Assert.Equal(stimulusCount, await app.Stimuli.CountAsync(versionId));
        await AssertTheEditedConditionWasBuiltAsync(versionId);

        // Frozen: the edit page is refused once launched.
        journal.ExpectConsoleError("the server responded with a status of 409 (Conflict)");
        var frozen = await page.GotoAsync($"/facilitator/versions/{versionId}/edit");
        Assert.Equal(409, frozen!.Status);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("This version is frozen");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(editedHash);
        await journal.StepAsync(page, "frozen");

        // Open: a newcomer can join the launched version right away.
        await using var visitor = await app.NewContextAsync();
        var participant = await journal.OpenAsync(visitor, drawsCharts: false);
        var participantEmail = $"browser-{Guid.NewGuid():N}@example.org";
        await participant.JoinAsync(slug, participantEmail,
            name => journal.StepAsync(participant, "participant-" + name));
        await journal.StepAsync(participant, "participant-background");
        var user = (await app.Users.FindByEmailAsync(participantEmail))!;
        var enrolled = (await app.Participants.FindByUserAsync(launched.StudyId, user.Id))!;
        Assert.Equal(versionId, enrolled.StudyVersionId);
        Assert.Contains(enrolled.CellId, new[] { "demo-real", EditedCell });

        journal.AssertNoProblems();
        Assert.Equal(12, Directory.GetFiles(journal.Folder, "*.png").Length);
    }

    /// <summary>
    /// The stimuli built at launch follow the edited cell: sign-flipped keeps the real global importances (the demo's
    /// inverted cell reverses them) and shows every local contribution negated, for the same person and model output.
    /// </summary>
    private async Task AssertTheEditedConditionWasBuiltAsync(long versionId)
    {
        async Task<ExplanationPayload> PayloadAsync(long version, string cell, string pageId)
        {
            var stored = await app.Stimuli.FindAsync(version, cell, pageId);
            Assert.True(stored is not null, $"no {pageId} stimulus stored for cell {cell} of version {version}");
            return StimulusSerializer.Deserialize(stored.CanonicalJson).Payload;
        }
        static IEnumerable<(string, double)> Order(ExplanationPayload global) => ((GlobalPayload)global).Features.Select(f => (f.Name, f.Importance));

        var realGlobal = Order(await PayloadAsync(versionId, "demo-real", "global")).ToList();
        Assert.Equal(realGlobal, Order(await PayloadAsync(versionId, EditedCell, "global")));
        // Not so before the edit: the launched demo's inverted cell shows another order.
        Assert.NotEqual(Order(await PayloadAsync(app.DemoVersion.Id, "demo-real", "global")), Order(await PayloadAsync(app.DemoVersion.Id, EditedCell, "global")));

        var real = (LocalPayload)await PayloadAsync(versionId, "demo-real", "local");
        var flipped = (LocalPayload)await PayloadAsync(versionId, EditedCell, "local");
        Assert.Equal((real.Row, real.Base, real.Output), (flipped.Row, flipped.Base, flipped.Output));
        Assert.Equal(real.Contributions.Length, flipped.Contributions.Length);
        Assert.Contains(real.Contributions, c => c.Contribution != 0);
        foreach (var c in real.Contributions)
        {
            var shown = flipped.Find(c.Name);
            Assert.True(shown is not null, $"the sign-flipped local view lacks feature {c.Name}");
            Assert.Equal((c.Value, -c.Contribution), (shown.Value, shown.Contribution));
        }
    }

    /// <summary>The Manipulation column of the version page's conditions table, for <paramref name="cell"/>.</summary>
    private static ILocator ManipulationShown(IPage page, string cell) => page.Locator($"tr.cell-row[data-cell=\"{cell}\"] td").Nth(3);

    private static CellDefinition CellOf(StudyVersionRecord version, string cell)
    {
        var result = StudyValidator.Validate(version.DefinitionJson, $"{version.Slug} {version.Version}");
        Assert.True(result.Definition is not null, string.Join("; ", result.Errors));
        return result.Definition.Cell(cell);
    }

    /// <summary>studies/demo.json under a fresh id, as a facilitator would copy a study file to start a new one.</summary>
    private static (string Slug, string Json) DemoCopy()
    {
        var directory = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory) ?? throw new InvalidOperationException("studies/ not found above " + AppContext.BaseDirectory);
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "demo.json")))!.AsObject();
        var slug = $"demo-browser-{Guid.NewGuid().ToString("N")[..8]}";
        root["id"] = slug;
        return (slug, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
