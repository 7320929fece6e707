using System.Text;

namespace MisuseLab.Analysis.Declared;

/// <summary>
/// Kaur et al.'s screening of open answers ("197 of 253 responses kept after removing identical or gibberish open
/// answers"), made deterministic so two analysts get the same exclusions. A participant is excluded when their
/// non-empty open answers number two or more and are all identical to one another (compared after trimming,
/// collapsing whitespace and ignoring case: the same text pasted into every box), or when any one of them is gibberish.
/// <para>An answer is gibberish when it has no letter at all ("....", "123", "???"), or when at least half of its
/// words (maximal runs of letters) are gibberish words: a letter repeated four or more times in a row ("aaaa"), five or
/// more letters without a vowel (a, e, i, o, u, y: "sdfgh"), six or more letters drawn from at most two distinct
/// letters ("ababab"), or four neighbouring keys of one QWERTY row ("asdf", "hjkl", "zxcv", "qwer").</para>
/// Limits, admitted: a short real answer in letters ("no", "N/A", "ok", "SHAP") passes, so does fluent nonsense in real
/// words ("the cat blue runs"), and an answer with one mashed word among several real ones is kept — the rule catches
/// keyboard mashing and filler, not low effort in general. Any threshold here was chosen to keep every English word
/// (no English word has four equal letters in a row or five consonants without a y) while catching the mashing the
/// paper describes; the tests hold both kinds of example.
/// </summary>
public static class OpenAnswerScreen
{
    private const string Vowels = "aeiouy";

    // Home and bottom rows, and the first four keys of the top row: later top-row runs ("erty", "tyui") occur in English.
    private static readonly string[] KeyRuns = [.. Windows("asdfghjkl"), .. Windows("zxcvbnm"), "qwer"];

    /// <summary>Whether these open answers (empty ones are ignored) exclude their author.</summary>
    public static bool Excludes(IEnumerable<string?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var given = answers.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).ToList();
        return AllIdentical(given) || given.Any(IsGibberish);
    }

    /// <summary>Two or more answers, all the same once trimmed, whitespace-collapsed and lower-cased.</summary>
    public static bool AllIdentical(IReadOnlyList<string> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return answers.Count >= 2 && answers.Select(Normalise).Distinct(StringComparer.Ordinal).Count() == 1;
    }

    public static bool IsGibberish(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var words = Words(answer);
        if (words.Count == 0) return answer.Trim().Length > 0;
        return 2 * words.Count(IsGibberishWord) >= words.Count;
    }

    /// <summary>One lower-case run of letters judged on its own.</summary>
    public static bool IsGibberishWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = word.ToLowerInvariant();
        for (var i = 3; i < w.Length; i++)
            if (w[i] == w[i - 1] && w[i] == w[i - 2] && w[i] == w[i - 3]) return true;
        if (w.Length >= 5 && !w.Any(c => Vowels.Contains(c, StringComparison.Ordinal))) return true;
        if (w.Length >= 6 && w.Distinct().Count() <= 2) return true;
        return KeyRuns.Any(run => w.Contains(run, StringComparison.Ordinal));
    }

    private static List<string> Words(string answer)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in answer)
        {
            if (char.IsLetter(c)) current.Append(c);
            else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }

    private static string Normalise(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static IEnumerable<string> Windows(string row)
    {
        for (var i = 0; i + 4 <= row.Length; i++) yield return row.Substring(i, 4);
    }
}
