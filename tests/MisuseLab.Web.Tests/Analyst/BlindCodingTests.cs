using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MisuseLab.Analysis.Statistics;
using MisuseLab.Analysis.Tests.Export;
using MisuseLab.Storage.Coding;
using MisuseLab.Storage.Participants;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Areas.Analyst.Services;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>
/// Blind coding over HTTP: two analysts code the same free-text answers on a page that never shows cell, condition or
/// pseudonym; codes are kept per coder; κ per code on the analysis page and in the export equals κ computed here from
/// the codes each coder was scripted to give.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed partial class BlindCodingTests(AnalystAppFixture app)
{
    [GeneratedRegex("<tr data-token=\"(?<token>[0-9a-f]{16})\" class=\"(?<state>[a-z]+)\">.*?<td class=\"answer\">(?<answer>.*?)</td>.*?name=\"codes\\[\\d+\\]\\.Code\" value=\"(?<code>[^\"]*)\"", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("Participant (?<k>\\d+):")]
    private static partial Regex Number();

    // What each coder is scripted to code, by the participant number written in the answer. Codes differ between the
    // coders so κ is neither 0 nor 1 for every code.
    private static string CodeOf(int coder, int k) => string.Join("; ", new[]
    {
        (coder == 0 ? k is 0 or 2 : k is 0 or 2 or 4) ? "mean-imputed-age" : null,
        (coder == 0 ? k is 0 or 4 : k is 0) ? "odd-order" : null,
    }.Where(c => c is not null));

    private static List<(string Token, string State, int K, string Code)> Rows(string html) => [.. Row().Matches(html).Select(m => (
        m.Groups["token"].Value, m.Groups["state"].Value,
        int.Parse(Number().Match(WebUtility.HtmlDecode(m.Groups["answer"].Value)).Groups["k"].Value, CultureInfo.InvariantCulture),
        WebUtility.HtmlDecode(m.Groups["code"].Value)))];

    private static double Kappa(IReadOnlyList<(bool A, bool B)> units)
    {
        double n = units.Count;
        var po = units.Count(u => u.A == u.B) / n;
        double pa = units.Count(u => u.A) / n, pb = units.Count(u => u.B) / n;
        var pe = pa * pb + (1 - pa) * (1 - pb);
        return (po - pe) / (1 - pe);
    }

    [Fact]
    public async Task Two_coders_code_blind_their_codes_stay_apart_and_kappa_per_code_is_shown_and_exported()
    {
        var people = await AnalystPopulation.EnsureAsync(app);
        var slug = AnalystAppFixture.Slug;
        var coders = new[] { await app.SignedInAsync(Roles.Analyst), await app.SignedInAsync(Roles.Analyst) };
        var finished = people.Where(p => p.Record.Status is ParticipantStatus.Completed or ParticipantStatus.Abandoned
                                          && p.Answers.TryGetValue("issues-noticed", out var a) && a.Length > 0).ToList();
        Assert.True(finished.Count >= 3, "the population should give several answers to code");

        var page = await coders[0].GetStringAsync($"/analyst/studies/{slug}/coding");
        foreach (var revealing in new[] { "demo-real", "demo-inverted", "fidelity", "inverted", "manipulated" }.Concat(people.Select(p => p.Record.Pseudonym)))
        {
            Assert.DoesNotContain(revealing, page, StringComparison.OrdinalIgnoreCase);
        }
        var rows = Rows(page);
        Assert.Equal(finished.Select(p => p.Number).Order(), rows.Select(r => r.K).Order());
        Assert.Equal(rows.Select(r => r.Token).Order(StringComparer.Ordinal), rows.Select(r => r.Token));
        Assert.All(rows, r => Assert.Equal(("unreviewed", ""), (r.State, r.Code)));

        // A token that names no answer, or a too-long code, stores nothing at all.
        var repository = app.Services.GetRequiredService<CoderCodeRepository>();
        var bad = await coders[0].PostAsync($"/analyst/studies/{slug}/coding", AnalystAppFixture.Form(page,
            [new("codes[0].Token", rows[0].Token), new("codes[0].Code", "fine"), new("codes[1].Token", "0123456789abcdef"), new("codes[1].Code", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var tooLong = await coders[0].PostAsync($"/analyst/studies/{slug}/coding", AnalystAppFixture.Form(page,
            [new("codes[0].Token", rows[0].Token), new("codes[0].Code", new string('x', 201))]));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Empty(await repository.ListByVersionAsync(app.Version.Id));

        var adjudicated = await app.Services.GetRequiredService<FreeTextCodeRepository>().ListByVersionAsync(app.Version.Id);
        for (var c = 0; c < 2; c++)
        {
            var sheet = await coders[c].GetStringAsync($"/analyst/studies/{slug}/coding");
            // The second coder sees none of the first coder's codes.
            Assert.All(Rows(sheet), r => Assert.Equal(("unreviewed", ""), (r.State, r.Code)));
            var fields = Rows(sheet).SelectMany((r, i) => new KeyValuePair<string, string>[]
            {
                new($"codes[{i}].Token", r.Token), new($"codes[{i}].Code", CodeOf(c, r.K)),
            });
            var saved = await coders[c].PostAsync($"/analyst/studies/{slug}/coding", AnalystAppFixture.Form(sheet, fields));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var after = Rows(await coders[c].GetStringAsync($"/analyst/studies/{slug}/coding"));
            Assert.All(after, r => Assert.Equal(("reviewed", CodeOf(c, r.K)), (r.State, r.Code)));
        }
        var stored = await repository.ListByVersionAsync(app.Version.Id);
        Assert.Equal(2 * rows.Count, stored.Count);
        Assert.Equal(2, stored.Select(s => s.CoderId).Distinct().Count());
        // The adjudicated codes of the manipulation page are untouched by blind coding.
        Assert.Equal(adjudicated, await app.Services.GetRequiredService<FreeTextCodeRepository>().ListByVersionAsync(app.Version.Id));

        var ks = rows.Select(r => r.K).ToList();
        var expected = new Dictionary<string, (bool A, bool B)[]>
        {
            ["mean-imputed-age"] = [.. ks.Select(k => (CodeOf(0, k).Contains("age", StringComparison.Ordinal), CodeOf(1, k).Contains("age", StringComparison.Ordinal)))],
            ["odd-order"] = [.. ks.Select(k => (CodeOf(0, k).Contains("order", StringComparison.Ordinal), CodeOf(1, k).Contains("order", StringComparison.Ordinal)))],
        };

        var analysis = await coders[1].GetStringAsync($"/analyst/studies/{slug}");
        foreach (var (code, units) in expected)
        {
            var row = Regex.Match(analysis, $"<tr data-code=\"{code}\" data-coders=\"C1-C2\">(.*?)</tr>", RegexOptions.Singleline);
            Assert.True(row.Success, $"no kappa row for {code}");
            Assert.Contains($"<td class=\"n\">{units.Length}</td>", row.Value);
            Assert.Contains($"<td class=\"both\">{units.Count(u => u.A && u.B)}</td>", row.Value);
            Assert.Contains($"<td class=\"kappa\">{Fmt.N(Kappa(units))}</td>", row.Value);
            var withCi = CohenKappa.FromPairs(units);
            Assert.Contains($"<td class=\"ci\">{WebUtility.HtmlEncode(Fmt.Ci(withCi.Lower, withCi.Upper))}</td>", row.Value);
        }

        var zip = await coders[1].GetAsync($"/analyst/studies/{slug}/export.zip");
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        var folder = Directory.CreateTempSubdirectory("misuselab-blind-").FullName;
        try
        {
            archive.ExtractToDirectory(folder);
            var csv = PythonCsv.ReadFolder(folder);
            var codes = csv["coder_codes.csv"].Rows;
            Assert.Equal(2 * rows.Count, codes.Count);
            foreach (var person in finished)
            {
                for (var c = 0; c < 2; c++)
                {
                    Assert.Equal(CodeOf(c, person.Number), Assert.Single(codes, r => r["pseudonym"] == person.Record.Pseudonym && r["coder"] == $"C{c + 1}")["code"]);
                }
            }
            foreach (var (code, units) in expected)
            {
                var row = Assert.Single(csv["coder_agreement.csv"].Rows, r => r["code_name"] == code);
                Assert.Equal(Kappa(units), double.Parse(row["kappa"], CultureInfo.InvariantCulture), 12);
                Assert.Equal(units.Length.ToString(CultureInfo.InvariantCulture), row["units"]);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
