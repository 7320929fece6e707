using MisuseLab.Storage.Tests.Export;
using System.IO.Compression;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Study.Analysis;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Areas.Analyst.Services;

namespace MisuseLab.Web.Tests.Analyst;

[Collection(AnalystCollection.Name)]
public sealed partial class AnalysisPageTests(AnalystAppFixture app)
{
    private static readonly string[] Cells = ["demo-real", "demo-inverted"];

    [GeneratedRegex("<tr data-cell=\"(?<cell>[^\"]+)\">(?<body>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex CellRow();

    [GeneratedRegex("<td class=\"(?<name>[a-z]+)\">(?<value>[^<]*)</td>")]
    private static partial Regex Cell();

    [GeneratedRegex("<tr data-factor=\"(?<factor>[^\"]+)\">(?<body>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex FactorRow();

    /// <summary>The article of the page holding <paramref name="marker"/> (e.g. data-item="x"), up to its end.</summary>
    private static string Article(string html, string css, string marker)
    {
        var match = Regex.Match(html, $"<article class=\"panel {css}\"[^>]*{Regex.Escape(marker)}[^>]*>(.*?)</article>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no {css} article with {marker}");
        return match.Groups[1].Value;
    }

    private static Dictionary<string, Dictionary<string, string>> Rows(string html) => CellRow().Matches(html).ToDictionary(
        m => m.Groups["cell"].Value,
        m => Cell().Matches(m.Groups["body"].Value).ToDictionary(c => c.Groups["name"].Value, c => WebUtility.HtmlDecode(c.Groups["value"].Value)));

    private async Task<string> PageAsync(string path)
    {
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var response = await analyst.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<ScriptedParticipant>> CompletedAsync() =>
        [.. (await AnalystPopulation.EnsureAsync(app)).Where(p => p.Record.Status == ParticipantStatus.Completed)];

    [Theory]
    [InlineData("rate-model-reasonable")]
    [InlineData("rate-explanations-reasonable")]
    public async Task Rating_statistics_match_Study_Analysis_computed_from_the_answers_given(string item)
    {
        var completed = await CompletedAsync();
        var html = await PageAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        var article = Article(html, "rating", $"data-item=\"{item}\"");
        var rows = Rows(article);

        var values = Cells.ToDictionary(c => c, c => completed.Where(p => p.Record.CellId == c)
            .Select(p => double.Parse(p.Answers[item], CultureInfo.InvariantCulture)).ToList());
        Assert.All(Cells, c => Assert.True(values[c].Count >= 2, $"expected several completed sessions in {c}"));
        foreach (var cell in Cells)
        {
            var d = Descriptives.Describe(cell, values[cell]);
            Assert.Equal(d.N.ToString(CultureInfo.InvariantCulture), rows[cell]["n"]);
            Assert.Equal(Fmt.N(d.Mean), rows[cell]["mean"]);
            Assert.Equal(Fmt.N(d.StandardDeviation), rows[cell]["sd"]);
            Assert.Equal(Fmt.N(d.Median), rows[cell]["median"]);
            Assert.Equal(Fmt.N(d.Q3 - d.Q1), rows[cell]["iqr"]);
            Assert.Equal(Fmt.Ci(d.MeanCiLower, d.MeanCiUpper), rows[cell]["ci"]);
        }

        // One factor, two levels: real (group 1) against inverted.
        var test = MannWhitneyU.Test(values["demo-real"], values["demo-inverted"]);
        var row = Assert.Single(FactorRow().Matches(article));
        var fields = Cell().Matches(row.Groups["body"].Value).ToDictionary(c => c.Groups["name"].Value, c => c.Groups["value"].Value);
        Assert.Equal(Fmt.N(test.U1), fields["u"]);
        Assert.Equal(Fmt.N(test.Z), fields["z"]);
        Assert.Equal(Fmt.P(test.PValue), fields["p"]);
        Assert.Equal(Fmt.N(test.RankBiserial), fields["r"]);

        // The box/strip figure carries every rating, one trace per condition, for charts.js (no inline script).
        Assert.Contains("data-figure=", article);
        Assert.Contains("&quot;type&quot;:&quot;box&quot;", article);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("/js/charts.js", html);
    }

    [Fact]
    public async Task Comprehension_and_yes_no_items_match_Wilson_intervals_and_the_keys_each_cell_saw()
    {
        var completed = await CompletedAsync();
        var html = await PageAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        var stimuli = app.Services.GetRequiredService<StimulusRepository>();
        var shownTop = new Dictionary<string, string>();
        foreach (var cell in Cells)
        {
            var stored = await stimuli.FindAsync(app.Version.Id, cell, "global");
            shownTop[cell] = ((GlobalPayload)StimulusSerializer.Deserialize(stored!.CanonicalJson).Payload).Features[0].Name;
        }

        var top = Rows(Article(html, "keyed", "data-item=\"top-feature\""));
        var local = Rows(Article(html, "keyed", "data-item=\"local-correct\""));
        var yes = Rows(Article(html, "yes-no", "data-item=\"local-correct\""));
        foreach (var cell in Cells)
        {
            var people = completed.Where(p => p.Record.CellId == cell).ToList();
            AssertEstimate(WilsonInterval.Estimate(cell, people.Count(p => p.Answers["top-feature"] == shownTop[cell]), people.Count), top[cell]);
            AssertEstimate(WilsonInterval.Estimate(cell, people.Count(p => p.Answers["local-correct"] == "no"), people.Count), local[cell]);
            AssertEstimate(WilsonInterval.Estimate(cell, people.Count(p => p.Answers["local-correct"] == "yes"), people.Count), yes[cell]);
        }

        // Pooled comprehension: both keyed items of every completed participant.
        var overall = Rows(Regex.Match(html, "<div class=\"comprehension-overall\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
        foreach (var cell in Cells)
        {
            var people = completed.Where(p => p.Record.CellId == cell).ToList();
            var correct = people.Count(p => p.Answers["top-feature"] == shownTop[cell]) + people.Count(p => p.Answers["local-correct"] == "no");
            AssertEstimate(WilsonInterval.Estimate(cell, correct, 2 * people.Count), overall[cell]);
        }

        // Yes/no between conditions: Fisher or χ² as YesNoComparison decides.
        var real = completed.Where(p => p.Record.CellId == "demo-real").Select(p => p.Answers["local-correct"] == "yes").ToList();
        var inverted = completed.Where(p => p.Record.CellId == "demo-inverted").Select(p => p.Answers["local-correct"] == "yes").ToList();
        var expected = YesNoComparison.Compare(real, inverted);
        var testRow = Assert.Single(FactorRow().Matches(Article(html, "yes-no", "data-item=\"local-correct\"")));
        Assert.Contains($">{expected.Method}</td>", testRow.Value);
        Assert.Contains($"<td class=\"p\">{Fmt.P(expected.PValue)}</td>", testRow.Value);
    }

    private static void AssertEstimate(ProportionEstimate expected, Dictionary<string, string> row)
    {
        Assert.Equal(expected.Successes.ToString(CultureInfo.InvariantCulture), row["k"]);
        Assert.Equal(expected.Trials.ToString(CultureInfo.InvariantCulture), row["n"]);
        Assert.Equal(Fmt.N(expected.Proportion), row["p"]);
        Assert.Equal(Fmt.Ci(expected.Lower, expected.Upper), row["ci"]);
    }

    [Fact]
    public async Task Free_text_codes_are_stored_shown_counted_as_defect_detection_and_exported_and_bad_codes_store_nothing()
    {
        var completed = await CompletedAsync();
        var coded = completed.First(p => p.Answers.ContainsKey("issues-noticed"));
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var slug = AnalystAppFixture.Slug;
        var page = await analyst.GetStringAsync($"/analyst/studies/{slug}/manipulation");
        Assert.Contains($"data-pseudonym=\"{coded.Record.Pseudonym}\" data-item=\"issues-noticed\" class=\"", page);
        Assert.Contains(WebUtility.HtmlEncode(coded.Answers["issues-noticed"]).Replace("\r\n", "\n", StringComparison.Ordinal)[..20], page.Replace("\r\n", "\n", StringComparison.Ordinal));

        var tooLong = await analyst.PostAsync($"/analyst/studies/{slug}/codes", AnalystAppFixture.Form(page,
            [new("codes[0].Pseudonym", coded.Record.Pseudonym), new("codes[0].Item", "issues-noticed"), new("codes[0].Code", new string('x', 201))]));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var unknown = await analyst.PostAsync($"/analyst/studies/{slug}/codes", AnalystAppFixture.Form(page,
            [new("codes[0].Pseudonym", coded.Record.Pseudonym), new("codes[0].Item", "issues-noticed"), new("codes[0].Code", "fine"),
             new("codes[1].Pseudonym", "P-NOBODY"), new("codes[1].Item", "issues-noticed"), new("codes[1].Code", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var repository = app.Services.GetRequiredService<FreeTextCodeRepository>();
        Assert.DoesNotContain(await repository.ListByVersionAsync(app.Version.Id), c => c.ParticipantId == coded.Record.Id);

        var saved = await analyst.PostAsync($"/analyst/studies/{slug}/codes", AnalystAppFixture.Form(page,
            [new("codes[0].Pseudonym", coded.Record.Pseudonym), new("codes[0].Item", "issues-noticed"), new("codes[0].Code", " mean-imputed-age ;odd-order ")]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = Assert.Single(await repository.ListByVersionAsync(app.Version.Id), c => c.ParticipantId == coded.Record.Id);
        Assert.Equal("mean-imputed-age; odd-order", stored.Code);

        var after = await analyst.GetStringAsync($"/analyst/studies/{slug}/manipulation");
        Assert.Contains($"data-pseudonym=\"{coded.Record.Pseudonym}\" data-item=\"issues-noticed\" class=\"coded\"", after);

        // Detection by code: among participants with coded free text, those coded with the defect's name.
        var analysis = await analyst.GetStringAsync($"/analyst/studies/{slug}");
        var codedParticipants = (await repository.ListByVersionAsync(app.Version.Id)).Select(c => c.ParticipantId).ToHashSet();
        var detection = Rows(Article(analysis, "defect", "data-defect=\"mean-imputed-age\" data-evidence=\"code\""));
        foreach (var cell in Cells)
        {
            var inCell = completed.Where(p => p.Record.CellId == cell && codedParticipants.Contains(p.Record.Id)).ToList();
            var detected = inCell.Count(p => p.Record.Id == coded.Record.Id);
            AssertEstimate(WilsonInterval.Estimate(cell, detected, inCell.Count), detection[cell]);
        }

        // The export carries the code on the answer's row.
        var zip = await analyst.GetAsync($"/analyst/studies/{slug}/export.zip");
        using var archive = new System.IO.Compression.ZipArchive(await zip.Content.ReadAsStreamAsync());
        var folder = Directory.CreateTempSubdirectory("misuselab-codes-").FullName;
        try
        {
            archive.ExtractToDirectory(folder);
            var row = Assert.Single(PythonCsv.ReadFolder(folder)["responses.csv"].Rows, r => r["pseudonym"] == coded.Record.Pseudonym && r["item"] == "issues-noticed");
            Assert.Equal("mean-imputed-age; odd-order", row["code"]);
            Assert.Equal(coded.Answers["issues-noticed"], row["value"]); // quotes, commas, CRLF and é survive the round trip
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
