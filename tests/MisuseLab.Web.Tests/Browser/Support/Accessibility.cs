using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright, which injects axe-core 4.x into the page) against WCAG 2.0 and 2.1, levels A
/// and AA: the rules ethics boards and panel providers ask survey tools to meet. Rules are never switched off here;
/// a violation is fixed in the view.
/// </summary>
public static class Accessibility
{
    /// <summary>The axe-core tags checked: WCAG 2.0 A and AA, WCAG 2.1 A and AA.</summary>
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// Every violation on <paramref name="page"/> as it is now, one line per offending element, naming the step, the
    /// page's address, the rule (with its impact and help text) and the element (CSS selector and its HTML).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page, string step)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            ResultTypes = [ResultType.Violations],
        };
        var result = await page.RunAxe(options);
        return result.Violations
            .SelectMany(rule => rule.Nodes.Select(node =>
                $"axe: step '{step}' ({page.Url}): rule {rule.Id} ({rule.Impact}: {rule.Help}) at {node.Target}: {Shorten(node.Html)}"))
            .ToList();
    }

    /// <summary>Fails with every violation of <paramref name="page"/> as it is now (see <see cref="ViolationsAsync"/>).</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string step)
    {
        var violations = await ViolationsAsync(page, step);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    private static string Shorten(string html) => html.Length <= 300 ? html : html[..300] + "…";
}
