using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MisuseLab.Analysis.Reports.Kaur2020;
using MisuseLab.Analysis.Tests.Reports;
using MisuseLab.Storage.Users;

namespace MisuseLab.Web.Tests.Analyst;

/// <summary>
/// The analyst page of a study declaring <c>analysis.replication</c> prints each Table 2 row with the paper's value beside
/// ours, per condition and sample, in captioned tables with scoped headers; a study without it shows no such table.
/// </summary>
[Collection(AnalystCollection.Name)]
public sealed partial class PaperTable2PageTests(AnalystAppFixture app)
{
    [GeneratedRegex("<tr data-outcome=\"(?<o>[^\"]+)\" data-status=\"(?<s>[^\"]+)\">\\s*<th scope=\"row\">(?<label>[^<]+)</th>(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex FigureRow();

    [GeneratedRegex("<td class=\"paper\">(?<p>[^<]*)</td><td class=\"ours\">(?<o>[^<]*)</td>")]
    private static partial Regex PaperAndOurs();

    [Fact]
    public async Task Each_row_of_table_2_shows_the_papers_value_beside_ours()
    {
        var (_, version, bots) = await PaperTableSeed.CreateAsync(app.Connections, "paper-page", seed: 13, perCell: 4);
        var analyst = await app.SignedInAsync(Roles.Analyst, version.StudyId);
        var response = await analyst.GetAsync("/analyst/studies/paper-page");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<h2 id=\"paper-table2-heading\">Kaur et al. (2020) Table 2 beside ours</h2>", html);
        Assert.Contains("averaged per participant", html);
        foreach (var sample in new[] { "included", "all" })
        {
            var start = html.IndexOf($"id=\"paper-table2-{sample}\"", StringComparison.Ordinal);
            Assert.True(start > 0, $"no Table 2 for sample {sample}");
            var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
            Assert.Contains("<caption>Kaur et al. (2020) Table 2 beside ours", table);
            Assert.Contains("<th scope=\"colgroup\" colspan=\"2\">GN (gam-real)</th>", table);
            var rows = FigureRow().Matches(table).ToList();
            Assert.Equal(PaperTable2.Rows.Select(r => r.Outcome), rows.Select(r => r.Groups["o"].Value));
            foreach (var row in rows)
            {
                var paper = PaperTable2.Row(row.Groups["o"].Value);
                Assert.Equal(paper.Label, WebUtility.HtmlDecode(row.Groups["label"].Value));
                var cells = PaperAndOurs().Matches(row.Groups["cells"].Value).ToList();
                Assert.Equal(4, cells.Count);
                for (var i = 0; i < 4; i++)
                {
                    var v = paper.Cells[i];
                    var printed = WebUtility.HtmlDecode(cells[i].Groups["p"].Value);
                    Assert.Equal(v.Count is { } c ? $"{c}/{v.N}" : string.Create(CultureInfo.InvariantCulture, $"{v.Mean:0.0} ± {v.Sd:0.0} (n = {v.N})"), printed);
                    var ours = WebUtility.HtmlDecode(cells[i].Groups["o"].Value);
                    Assert.Equal("measured", row.Groups["s"].Value);
                    if (v.Count is not null)
                    {
                        // Every finished bot is coded: its count out of the finished bots of the cell (in the sample).
                        var coded = bots.Where(b => b.Completed && b.Cell == PaperTableSeed.Cells[i] && (sample == "all" || !(b.Gibberish || b.Identical))).ToList();
                        var flagged = coded.Count(b => paper.Outcome == PaperTable2.SuspiciousDataModel ? b.SuspiciousData : b.SuspiciousTool);
                        Assert.Equal($"{flagged}/{coded.Count}", ours);
                    }
                    else
                    {
                        Assert.Matches(@"^\d+\.\d\d ± (\d+\.\d\d|–) \(n = \d+\)$", ours);
                    }
                }
            }
            Assert.Contains($"id=\"paper-table2-{sample}-tests\"", html);
        }
    }

    [Fact]
    public async Task A_study_without_a_replication_shows_no_table_2()
    {
        await AnalystPopulation.EnsureAsync(app);
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var html = await analyst.GetStringAsync($"/analyst/studies/{AnalystAppFixture.Slug}");
        Assert.DoesNotContain("paper-table2", html);
    }
}
