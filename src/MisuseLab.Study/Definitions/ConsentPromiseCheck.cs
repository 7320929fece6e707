using System.Text.RegularExpressions;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// A consent that says stopping deletes the answers ("you may stop at any time … your answers so far will then be
/// deleted") is also read by a participant who simply closes the tab; with <c>consent.abandoned</c> = <c>keep</c> that
/// session's answers stay in the data, breaking the promise. The check is a word match, so it warns
/// (<see cref="StudyErrorCodes.ConsentPromise"/>) rather than refuses: the author decides whether the text promises it.
/// A text that also says answers are kept or retained ("if you close the page without withdrawing, what you answered
/// so far is kept") has told the participant what the hint asks for, and raises no warning.
/// </summary>
public static partial class ConsentPromiseCheck
{
    [GeneratedRegex(@"\b(delet(e|ed|es|ing|ion)|eras(e|ed|es|ing|ure)|destroy(ed|s)?|remov(e|ed|al))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeletionWords();

    [GeneratedRegex(@"\b(kept|retained)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeepingWords();

    public static IReadOnlyList<StudyError> Warnings(StudyDefinition study)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (study.Consent.Abandoned != AbandonedPolicy.Keep || KeepingWords().IsMatch(study.Consent.Text)) return [];
        var match = DeletionWords().Match(study.Consent.Text);
        return match.Success
            ? [new StudyError(StudyErrorCodes.ConsentPromise, "$.consent.text",
                $"The consent text promises deletion ('{match.Value}'), but consent.abandoned is 'keep': the answers of a participant who leaves without withdrawing (closes the tab) are kept and analysed.",
                "Set \"consent\": { \"abandoned\": \"delete\" } so abandoned sessions are erased, or say in the consent text that answers of unfinished sessions are kept.")]
            : [];
    }
}
