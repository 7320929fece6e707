using Microsoft.Playwright;

namespace MisuseLab.Web.Tests.Browser.Support;

/// <summary>
/// What a participant who uses no mouse does: Tab and Shift+Tab to move, arrow keys within radio groups, lists and the
/// chart tool bar, Space and Enter to press, typing into the focused box. Nothing here clicks, fills or focuses an
/// element directly; every step looks only at which element the keyboard reached.
/// </summary>
public static class KeyboardSteps
{
    /// <summary>Most Tab presses a page of the studies needs to reach any control (header links, charts, every question).</summary>
    public const int MaxPresses = 200;

    /// <summary>True when the element that has focus matches <paramref name="selector"/>.</summary>
    public static Task<bool> FocusedIsAsync(this IPage page, string selector) =>
        page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector);

    /// <summary>
    /// Presses Tab (Shift+Tab when <paramref name="backwards"/>) until the focused element matches
    /// <paramref name="selector"/> (no press if it already does); fails naming the page when it is never reached.
    /// </summary>
    public static async Task TabToAsync(this IPage page, string selector, bool backwards = false)
    {
        for (var presses = 0; presses <= MaxPresses; presses++)
        {
            if (await page.FocusedIsAsync(selector)) return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        Assert.Fail($"{(backwards ? "Shift+Tab" : "Tab")} did not reach {selector} within {MaxPresses} presses on {page.Url}; focus ended on {await DescribeFocusAsync(page)}.");
    }

    /// <summary>
    /// Tabs through the page from where focus is to <c>#next</c>, answering each question on the way as a keyboard user
    /// would: ArrowRight in an unanswered radio group (checks the next option), ArrowDown on an unanswered list
    /// (chooses its first option), typing into an empty text box. Ends with focus on <c>#next</c>, not pressed.
    /// Returns how many questions it answered.
    /// </summary>
    public static async Task<int> AnswerWithKeyboardAsync(this IPage page, string text)
    {
        var answered = 0;
        for (var presses = 0; presses <= MaxPresses; presses++)
        {
            var focused = await page.EvaluateAsync<string>(
                """
                () => {
                    const e = document.activeElement;
                    if (!e || !e.closest('form.page-form')) return e && e.id === 'next' ? 'next' : 'other';
                    if (e.id === 'next') return 'next';
                    if (e.matches('input[type=radio]')) return e.form.querySelector(`input[type=radio][name="${CSS.escape(e.name)}"]:checked`) ? 'done' : 'radio';
                    if (e.matches('select')) return e.value === '' ? 'select' : 'done';
                    if (e.matches('textarea')) return e.value === '' ? 'text' : 'done';
                    if (e.matches('input[type=number]')) return e.value === '' ? 'number' : 'done';
                    if (e.matches('input[type=checkbox]')) return e.form.querySelector(`input[type=checkbox][name="${CSS.escape(e.name)}"]:checked`) ? 'done' : 'checkbox';
                    return 'other';
                }
                """);
            switch (focused)
            {
                case "next":
                    return answered;
                case "radio":
                    // Three steps along the group: the middle of a 1–7 scale, which passes kaur2020's screening (≥ 3); a
                    // two-option group wraps round to its second option.
                    for (var step = 0; step < 3; step++) await page.Keyboard.PressAsync("ArrowRight");
                    answered++;
                    break;
                case "number":
                    await page.Keyboard.TypeAsync("3");
                    answered++;
                    break;
                case "checkbox":
                    await page.Keyboard.PressAsync("Space"); // the first box of a multi-select; the group's other boxes are then done
                    answered++;
                    break;
                case "select":
                    await page.Keyboard.PressAsync("ArrowDown");
                    answered++;
                    break;
                case "text":
                    await page.Keyboard.TypeAsync(text);
                    answered++;
                    break;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab did not reach #next within {MaxPresses} presses on {page.Url}; focus ended on {await DescribeFocusAsync(page)}.");
        return answered;
    }

    /// <summary>The focused element as a short tag#id.class string, for failure messages.</summary>
    public static Task<string> DescribeFocusAsync(IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + (e.getAttribute('aria-label') ? `[${e.getAttribute('aria-label')}]` : '') : 'nothing'; }");
}
