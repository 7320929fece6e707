using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MathNet.Numerics.Distributions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Analysis.Power;
using MisuseLab.Platform.Drafts;
using MisuseLab.Platform.Launch;
using MisuseLab.Storage.Audit;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>
/// prereg.md and the power page over HTTP: a freshly launched copy of demo.json (no participant yet) gives a
/// preregistration stamped with its study hash, holding the declared hypotheses, exclusions and the sample size the
/// simulation finds for the declared odds ratio; a draft gives 409; the analyst page says what was declared.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed class PreregistrationTests(AnalystAppFixture app)
{
    private const string Slug = "demo-prereg";

    [Fact]
    public async Task Prereg_md_downloads_at_launch_before_any_participant_with_hash_hypotheses_exclusions_and_power()
    {
        var studies = StudyFiles.FindStudiesDirectory(AppContext.BaseDirectory)!;
        var root = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(studies, "demo.json")))!.AsObject();
        root["id"] = Slug;
        var file = Path.Combine(Path.GetDirectoryName(app.StudyFile)!, Slug + ".json");
        await File.WriteAllTextAsync(file, root.ToJsonString());
        var version = await app.Services.GetRequiredService<StudyLaunch>().LaunchFileAsync(file, AuditActor.System("tests"), CancellationToken.None);
        Assert.Empty(await app.Services.GetRequiredService<ParticipantRepository>().ListByVersionAsync(version.Id));

        // The declared power, rebuilt here from the file's own numbers (demo.json: analysis on fidelity, power section).
        var power = root["power"]!.AsObject();
        var baseline = power["baseline"]!.AsArray().Select(v => (double)v!).ToArray();
        var options = new OrdinalPowerOptions([("fidelity", ["real", "inverted"])], "fidelity", (double)power["odds_ratio"]!, baseline,
            Alpha: 0.05, TargetPower: (double)power["target_power"]!, Simulations: (int)power["simulations"]!, Seed: (int)power["seed"]!,
            TimeBudget: TimeSpan.FromMinutes(5));
        var expected = OrdinalPowerSimulation.Estimate(options);
        Assert.NotNull(expected.Participants);
        var n = expected.Participants!.Value;

        // Whitehead's closed form by hand: two halves, p̄ the mean of the reference and shifted category probabilities.
        var beta = Math.Log(options.OddsRatio);
        double cumulative = 0, previous = 0, v = 1;
        for (var j = 0; j < baseline.Length; j++)
        {
            cumulative += baseline[j];
            var shifted = j == baseline.Length - 1 ? 1 : 1 / (1 + Math.Exp(-(Math.Log(cumulative / (1 - cumulative)) - beta)));
            var mean = (baseline[j] + shifted - previous) / 2;
            previous = shifted;
            v -= mean * mean * mean;
        }
        var z = Normal.InvCDF(0, 1, 0.975) + Normal.InvCDF(0, 1, 0.8);
        var whitehead = Math.Ceiling(12 * z * z / (beta * beta * v)).ToString(CultureInfo.InvariantCulture);

        var facilitator = await app.SignedInAsync(Roles.Facilitator, version.StudyId);
        var versionPage = await facilitator.GetStringAsync($"/facilitator/versions/{version.Id}");
        Assert.Contains($"href=\"/facilitator/versions/{version.Id}/prereg.md\"", versionPage);
        Assert.Contains($"href=\"/facilitator/versions/{version.Id}/power\"", versionPage);

        var download = await facilitator.GetAsync($"/facilitator/versions/{version.Id}/prereg.md");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/markdown", download.Content.Headers.ContentType!.MediaType);
        var md = await download.Content.ReadAsStringAsync();
        Assert.Contains($"Study hash (SHA-256 of the study file's canonical JSON): `{version.StudyHash}`", md);
        Assert.Contains("H1 (primary, `rate-explanations-reasonable`)", md);
        Assert.Contains("(equivalence, `rate-model-reasonable`)", md);
        Assert.Contains("- `rate-model-reasonable` (rating)", md);
        Assert.Contains("Minimum time per page with questions: 2 s", md);
        Assert.Contains("Incomplete sessions: excluded", md);
        Assert.Contains("Multiple comparisons: Holm over the family [`rate-explanations-reasonable`, `rate-model-reasonable`]", md);
        Assert.Contains($"Participants needed: **{n}** in total ({n / 2} per cell)", md);
        Assert.Contains($"Closed-form check (Whitehead 1993): {whitehead} participants", md);

        var powerPage = await facilitator.GetStringAsync($"/facilitator/versions/{version.Id}/power");
        Assert.Contains($"<strong id=\"power-participants\">{n}</strong>", powerPage);
        Assert.Contains($"<span id=\"power-whitehead\">{whitehead}</span>", powerPage);
        foreach (var point in expected.Visited)
        {
            Assert.Contains($"<tr data-n=\"{point.Participants}\"><th scope=\"row\">{point.Participants}</th><td class=\"power\">{point.Power.ToString("0.000", CultureInfo.InvariantCulture)}</td>", powerPage);
        }

        // A draft is not frozen: no preregistration yet.
        var draft = await app.Services.GetRequiredService<StudyDrafts>().NewVersionFromAsync(version, AuditActor.System("tests"), CancellationToken.None);
        Assert.True(draft.Succeeded, draft.Problem);
        var refused = await facilitator.GetAsync($"/facilitator/versions/{draft.Version!.Id}/prereg.md");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("launch it first", await refused.Content.ReadAsStringAsync());

        // Other roles cannot download it (the facilitator area sends them to access-denied).
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var denied = await analyst.GetAsync($"/facilitator/versions/{version.Id}/prereg.md");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.DoesNotContain(version.StudyHash, await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_analysis_page_says_which_analyses_were_declared_and_which_are_exploratory()
    {
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var html = await analyst.GetStringAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        var plan = app.Definition.Analysis!;
        foreach (var o in plan.Outcomes) Assert.Contains($"data-declared=\"{o.Reference}\"", html);
        foreach (var e in plan.Equivalence) Assert.Contains($"data-declared=\"equivalence:{e.Outcome}\"", html);
        // local-correct (the fixture's keyed yes/no item) is declared nowhere: exploratory.
        var exploratory = System.Text.RegularExpressions.Regex.Match(html, "<p id=\"exploratory\">(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("local-correct", exploratory);
        Assert.DoesNotContain("rate-explanations-reasonable", exploratory);
    }
}
