using System.Globalization;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// An entry rule on one background answer (study file: <c>screening</c>): a participant whose answer to
/// <see cref="Item"/> (a likert or number background question) lies outside [<see cref="Min"/>, <see cref="Max"/>]
/// is screened out when they submit the background form — before they see any page, so before any condition reaches
/// them. Kaur et al. admitted only people who rated how much ML is part of their daily work at 3 or more on 1–7.
/// </summary>
/// <param name="Message">What a screened-out participant reads on their end page (a polite default when null).</param>
public sealed record ScreeningRule(string Item, double? Min, double? Max, string? Message)
{
    public const string DefaultMessage =
        "Thank you for your interest. This study is looking for people with a particular background, and your answers show that it is not a match for you, so it ends here. Nothing more is asked of you.";

    public string EndMessage => Message ?? DefaultMessage;

    /// <summary>Whether a stored answer (the normal form <c>AnswerRules</c> stores: an invariant number) passes the rule; a missing or unreadable answer does not.</summary>
    public bool Admits(string? storedValue) =>
        storedValue is not null
        && double.TryParse(storedValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && (Min is not { } min || x >= min) && (Max is not { } max || x <= max);
}
