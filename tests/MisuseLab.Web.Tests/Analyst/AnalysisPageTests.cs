using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Analysis.Dataset;
using MisuseLab.Analysis.Reports;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Studies;
using MisuseLab.Storage.Users;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Explanations;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Areas.Analyst.Services;

namespace MisuseLab.Web.Tests.Analyst;

[Collection(AnalystCollection.Name)]
public sealed partial class AnalysisPageTests(AnalystAppFixture app)
{
    private static readonly string[] Cells = ["demo-real", "demo-inverted"];

    /// <summary>Fisher's exact test, two-sided as R's fisher.test: the probability of all tables with the same margins no more likely than the observed.</summary>
    private static double FisherTwoSided(int a, int n1, int c, int n2)
    {
        var k = a + c;
        double LogChoose(int n, int r) => Enumerable.Range(1, r).Sum(i => Math.Log(n - r + i) - Math.Log(i));
        double P(int x) => Math.Exp(LogChoose(n1, x) + LogChoose(n2, k - x) - LogChoose(n1 + n2, k));
        var observed = P(a);
        return Math.Min(1, Enumerable.Range(Math.Max(0, k - n2), Math.Min(k, n1) - Math.Max(0, k - n2) + 1)
            .Select(P).Where(p => p <= observed * (1 + 1e-7)).Sum());
    }

    /// <summary>R's default quantile (type 7) of sorted values.</summary>
    private static double Quantile7(IReadOnlyList<double> sorted, double p)
    {
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Count ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

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
    public async Task Rating_statistics_on_the_page_match_the_answers_given(string item)
    {
        var completed = await CompletedAsync();
        var html = await PageAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        var article = Article(html, "rating", $"data-item=\"{item}\"");
        var rows = Rows(article);

        var values = Cells.ToDictionary(c => c, c => completed.Where(p => p.Record.CellId == c)
            .Select(p => double.Parse(p.Answers[item], CultureInfo.InvariantCulture)).ToList());
        Assert.All(Cells, c => Assert.True(values[c].Count >= 2, $"expected several completed sessions in {c}"));
        // Expected values computed here from the stored answers, independently of Analysis: textbook formulas for the
        // descriptives, and U by counting pairs. The statistics' own correctness is shown against R in MisuseLab.Analysis.Tests;
        // this test shows the page reports them for the right people and cells.
        var report = StudyAnalysis.Analyze(await app.Services.GetRequiredService<StudyDatasetLoader>().LoadAsync(AnalystAppFixture.Slug))
            .Ratings.Single(r => r.Item.ItemId == item);
        foreach (var cell in Cells)
        {
            var v = values[cell].Order().ToList();
            var mean = v.Average();
            var sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
            Assert.Equal(v.Count.ToString(CultureInfo.InvariantCulture), rows[cell]["n"]);
            Assert.Equal(Fmt.N(mean), rows[cell]["mean"]);
            Assert.Equal(Fmt.N(sd), rows[cell]["sd"]);
            Assert.Equal(Fmt.N(Quantile7(v, 0.5)), rows[cell]["median"]);
            Assert.Equal(Fmt.N(Quantile7(v, 0.75) - Quantile7(v, 0.25)), rows[cell]["iqr"]);
            var d = report.ByCell.Single(b => b.Group == cell);
            Assert.Equal(Fmt.Ci(d.MeanCiLower, d.MeanCiUpper), rows[cell]["ci"]);
            Assert.InRange(mean, d.MeanCiLower, d.MeanCiUpper);
        }

        // One factor, two levels: real (group 1) against inverted. U1 = #(x > y) + ½#(x = y) over all pairs.
        var u1 = values["demo-real"].Sum(x => values["demo-inverted"].Sum(y => x > y ? 1.0 : x == y ? 0.5 : 0.0));
        var pairs = (double)values["demo-real"].Count * values["demo-inverted"].Count;
        var test = Assert.Single(report.Comparisons).Test;
        var row = Assert.Single(FactorRow().Matches(article));
        var fields = Cell().Matches(row.Groups["body"].Value).ToDictionary(c => c.Groups["name"].Value, c => c.Groups["value"].Value);
        Assert.Equal(Fmt.N(u1), fields["u"]);
        Assert.Equal(Fmt.N(test.Z), fields["z"]);
        Assert.Equal(Fmt.P(test.PValue), fields["p"]);
        Assert.Equal(Fmt.N((u1 - (pairs - u1)) / pairs), fields["r"]);

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
            AssertEstimate(Wilson(people.Count(p => p.Answers["top-feature"] == shownTop[cell]), people.Count), top[cell]);
            AssertEstimate(Wilson(people.Count(p => p.Answers["local-correct"] == "no"), people.Count), local[cell]);
            AssertEstimate(Wilson(people.Count(p => p.Answers["local-correct"] == "yes"), people.Count), yes[cell]);
        }

        // Pooled comprehension: both keyed items of every completed participant.
        var overall = Rows(Regex.Match(html, "<div class=\"comprehension-overall\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
        foreach (var cell in Cells)
        {
            var people = completed.Where(p => p.Record.CellId == cell).ToList();
            var correct = people.Count(p => p.Answers["top-feature"] == shownTop[cell]) + people.Count(p => p.Answers["local-correct"] == "no");
            AssertEstimate(Wilson(correct, 2 * people.Count), overall[cell]);
        }

        // Yes/no between conditions: Fisher or χ² as YesNoComparison decides.
        var real = completed.Where(p => p.Record.CellId == "demo-real").Select(p => p.Answers["local-correct"] == "yes").ToList();
        var inverted = completed.Where(p => p.Record.CellId == "demo-inverted").Select(p => p.Answers["local-correct"] == "yes").ToList();
        var testRow = Assert.Single(FactorRow().Matches(Article(html, "yes-no", "data-item=\"local-correct\"")));
        // With the handful of participants here every expected count is below 5, so the page must use Fisher's exact
        // test; its two-sided p is computed below from the hypergeometric distribution, summing the tables no more likely.
        Assert.Contains(">FisherExact</td>", testRow.Value);
        Assert.Contains($"<td class=\"p\">{Fmt.P(FisherTwoSided(real.Count(x => x), real.Count, inverted.Count(x => x), inverted.Count))}</td>", testRow.Value);
    }

    /// <summary>
    /// The 95% Wilson score interval written out here (Wilson 1927), independently of the analysis code:
    /// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = qnorm(0.975).
    /// </summary>
    private static (int K, int N, double P, double Lower, double Upper) Wilson(int k, int n)
    {
        const double z = 1.959963984540054;
        var p = (double)k / n;
        var centre = p + z * z / (2 * n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
        var scale = 1 + z * z / n;
        return (k, n, p, (centre - half) / scale, (centre + half) / scale);
    }

    private static void AssertEstimate((int K, int N, double P, double Lower, double Upper) expected, Dictionary<string, string> row)
    {
        Assert.Equal(expected.K.ToString(CultureInfo.InvariantCulture), row["k"]);
        Assert.Equal(expected.N.ToString(CultureInfo.InvariantCulture), row["n"]);
        Assert.Equal(Fmt.N(expected.P), row["p"]);
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
            AssertEstimate(Wilson(detected, inCell.Count), detection[cell]);
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
