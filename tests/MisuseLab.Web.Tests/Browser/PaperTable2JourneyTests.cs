using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MisuseLab.Analysis.Tests.Reports;
using MisuseLab.Storage.Connections;
using MisuseLab.Storage.Users;
using MisuseLab.Web.Tests.Browser.Support;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser;

/// <summary>
/// Table 2 beside ours in Chromium: axe-core finds no WCAG 2.1 A/AA violation on the analysis page of a Kaur-shaped study,
/// and the tables are reachable as tables (caption, column groups, row headers) by assistive technology.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PaperTable2JourneyTests(BrowserAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_table_2_section_is_accessible_and_read_as_tables()
    {
        var journal = new BrowserJournal("paper-table2", output);
        await PaperTableSeed.CreateAsync(app.Services.GetRequiredService<IDbConnectionFactory>(), "paper-browser", seed: 17, perCell: 3);
        var email = await app.AddAccountAsync(Roles.Analyst);
        await app.AddMemberAsync(email, "paper-browser");
        await using var context = await app.NewContextAsync();
        var page = await journal.OpenAsync(context, drawsCharts: true);
        await page.SignInThroughLoginFormAsync(journal, email, "/analyst/studies/paper-browser");
        await page.WaitForURLAsync("**/analyst/studies/paper-browser");

        var section = page.GetByRole(AriaRole.Region, new() { Name = "Kaur et al. (2020) Table 2 beside ours" });
        await Assertions.Expect(section).ToBeVisibleAsync();
        var table = section.GetByRole(AriaRole.Table, new() { Name = "Kaur et al. (2020) Table 2 beside ours, after exclusions", Exact = false }).First;
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = "Model reasonable (1–7)" })).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "GN (gam-real)" })).ToBeVisibleAsync();
        await section.ScrollIntoViewIfNeededAsync();
        await journal.StepAsync(page, "table2");
        journal.AssertNoProblems();
    }
}
