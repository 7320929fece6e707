using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>
/// What a browser test records on its way: every console error and uncaught script error of the pages it watches
/// (Content-Security-Policy violations surface as console errors), every WCAG 2.1 A/AA violation axe-core finds on
/// each step (<see cref="Accessibility"/>), and a numbered screenshot of each step in <c>ScreenshotRoot/{name}</c>
/// (emptied first, so the folder shows the last run only).
/// </summary>
public sealed class BrowserJournal
{
    /// <summary>
    /// The one style plotly.js still tries to inject per chart page (the CSP blocks it; charts draw correctly without it,
    /// see the screenshots). Allowed by its exact hash, and only on pages that draw charts, so that any other CSP report
    /// or script error still fails the test.
    /// </summary>
    public const string KnownPlotlyStyleHash = "sha256-2GF9hCGTDj/GGFNlQA54jDdMGl2fvoeZmZjAvBSiAtM=";

    /// <summary>Generous: CI machines and shared runners can be very slow to render and to draw charts.</summary>
    public const float TimeoutMs = 90_000;

    /// <summary>A screenshot of a page that stays put takes seconds; longer means it navigated under the camera.</summary>
    private const float ScreenshotTimeoutMs = 45_000;

    private readonly List<string> _problems = [];
    private readonly List<string> _expected = [];
    private readonly ITestOutputHelper _output;
    private int _step;

    public BrowserJournal(string name, ITestOutputHelper output)
    {
        _output = output;
        Folder = Path.Combine(BrowserAppFixture.ScreenshotRoot, name);
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        Directory.CreateDirectory(Folder);
        output.WriteLine($"Screenshots: {Folder}");
        Console.WriteLine($"Browser test screenshots: {Folder}");
    }

    public string Folder { get; }

    /// <summary>Problems seen so far, each naming the page it happened on.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Opens a page in <paramref name="context"/> and watches it; <paramref name="drawsCharts"/> allows Plotly's known style.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, bool drawsCharts)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(TimeoutMs);
        page.SetDefaultNavigationTimeout(TimeoutMs);
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            if (drawsCharts && message.Text.Contains(KnownPlotlyStyleHash, StringComparison.Ordinal)) return;
            lock (_problems)
            {
                var expected = _expected.FindIndex(e => message.Text.Contains(e, StringComparison.Ordinal));
                if (expected >= 0) _expected.RemoveAt(expected);
                else _problems.Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_problems) _problems.Add($"script error on {page.Url}: {error}");
        };
        return page;
    }

    /// <summary>
    /// Lets one coming console error that contains <paramref name="text"/> pass: Chromium reports every error status as
    /// a console error, also for a page the test opens to see it refused.
    /// </summary>
    public void ExpectConsoleError(string text)
    {
        lock (_problems) _expected.Add(text);
    }

    /// <summary>
    /// One step of a journey: checks <paramref name="page"/> with axe-core (violations become problems, each naming the
    /// step, page, rule and element) and photographs it (full page unless it is very long).
    /// </summary>
    public async Task StepAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder, $"{++_step:00}-{name}.png");
        // A page that navigates on its own (the facilitator's "building" page reloads once when the build ends) may do
        // so mid-step: axe then loses its execution context, and a screenshot may wait for a frame of the old document
        // that never comes. Either way the step is taken again on the new document.
        var navigated = 0;
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame) Interlocked.Increment(ref navigated);
        }
        page.FrameNavigated += OnNavigated;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var before = Volatile.Read(ref navigated);
                try
                {
                    await page.WaitForLoadStateAsync(LoadState.Load);
                    var violations = await Accessibility.ViolationsAsync(page, name);
                    var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                    _output.WriteLine($"{name}: {height}px, {violations.Count} accessibility violation(s)");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = height < 6000, Timeout = ScreenshotTimeoutMs });
                    if (Volatile.Read(ref navigated) != before && attempt < 3) continue; // what was checked is gone
                    lock (_problems) _problems.AddRange(violations);
                    return;
                }
                catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
                {
                    _output.WriteLine($"{name}: the page navigated during the step; checking it again");
                }
                catch (TimeoutException) when (attempt < 3 && Volatile.Read(ref navigated) != before)
                {
                    _output.WriteLine($"{name}: the page navigated during the screenshot; taking the step again");
                }
            }
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }
    }

    /// <summary>Fails listing every console and script error and every accessibility violation seen.</summary>
    public void AssertNoProblems()
    {
        lock (_problems)
        {
            Assert.True(_problems.Count == 0, string.Join(Environment.NewLine, _problems));
        }
    }
}
