using System.Net;
using System.Text.RegularExpressions;
using MisuseLab.Study.Stimuli;
using MisuseLab.Web.Tests.Support;

namespace MisuseLab.Web.Tests.Charts;

/// <summary>
/// The participant's pages draw exactly the figures stored with their stimuli: every chart's data-figure is, byte for
/// byte, a figure of the stored stimulus the page's answers carry the hash of, in page order. The web app draws nothing.
/// </summary>
[Collection(StudyCollection.Name)]
public sealed partial class StoredFigureRenderingTests(StudyAppFixture app)
{
    [GeneratedRegex("""<div class="chart"[^>]*>""")]
    private static partial Regex ChartElement();

    [GeneratedRegex("\\bdata-figure=\"([^\"]*)\"")]
    private static partial Regex FigureAttribute();

    [GeneratedRegex("\\bdata-chart-kind=\"([^\"]*)\"")]
    private static partial Regex KindAttribute();

    [Fact]
    public async Task Every_chart_on_every_page_is_a_stored_figure_of_the_page_stimulus()
    {
        var client = app.NewClient();
        var page = await client.EnrolAsync();
        var me = await client.MeAsync();
        var pages = app.Definition.Pages;
        var kinds = new List<string>();
        for (var index = 1; index < pages.Count - 1; index++)
        {
            Assert.Equal(200, page.Status);
            var stored = await app.Stimuli.FindAsync(me.StudyVersionId, me.CellId, pages[index].Id);
            var expected = stored is null ? [] : StimulusSerializer.Deserialize(stored.CanonicalJson).Figures.Select(f => (f.Kind, Json: f.PlotlyJson())).ToList();
            var drawn = ChartElement().Matches(page.Body)
                .Select(m => (Kind: KindAttribute().Match(m.Value).Groups[1].Value, Json: WebUtility.HtmlDecode(FigureAttribute().Match(m.Value).Groups[1].Value)))
                .ToList();
            Assert.Equal(expected, drawn);
            kinds.AddRange(drawn.Select(d => d.Kind));
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(pages[index].Questions));
        }
        // The walk saw charts at all (a page without its figure would pass the comparison above vacuously).
        Assert.Contains("histogram", kinds);
        Assert.True(kinds.Count >= 3, $"Expected charts on several pages; saw {string.Join(", ", kinds)}.");
    }
}
