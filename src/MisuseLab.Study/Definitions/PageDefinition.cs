namespace MisuseLab.Study.Definitions;

public enum PageKind { Consent, Tutorial, Overview, Global, Effect, Local, Examples, ForwardSimulation, Ratings, FreeText, Debrief, Locate, Remedy }

/// <summary>Which test-set person a local (or examples) page shows; the stimulus builder picks one deterministically from the data seed.</summary>
public enum InstanceSelector { CorrectPositive, CorrectNegative, FalsePositive, FalseNegative, Misclassified, Random }

/// <summary>
/// One page in the participant's sequence. <see cref="Feature"/> is set exactly for effect pages;
/// <see cref="Instance"/> exactly for local pages (optionally for examples pages).
/// </summary>
public sealed record PageDefinition(
    string Id,
    PageKind Kind,
    string Title,
    string? Text,
    string? Feature,
    InstanceSelector? Instance,
    IReadOnlyList<QuestionDefinition> Questions)
{
    /// <summary>Remedy pages: whether the participant sees the score of their fixes (AUC and gain) after submitting.</summary>
    public bool ShowScore { get; init; }

    /// <summary>Locate pages: how many marks (column, optional value) the picker offers.</summary>
    public int Marks { get; init; } = DefaultMarks;

    /// <summary>The number of marks a locate page offers when the study file does not say.</summary>
    public const int DefaultMarks = 3;

    /// <summary>True for pages whose content is an explanation payload a condition applies to.</summary>
    public bool ShowsExplanation => Kind is PageKind.Global or PageKind.Effect or PageKind.Local;

    /// <summary>
    /// <c>only_for</c>: the page is shown only to cells at this level of this factor (e.g. a tutorial for the tool a
    /// cell uses: Kaur et al. gave each participant the tutorial of their assigned tool); null = every cell.
    /// </summary>
    public KeyValuePair<string, string>? OnlyFor { get; init; }

    /// <summary>Whether a cell with these factor levels sees the page.</summary>
    public bool IsShownTo(IReadOnlyDictionary<string, string> levels) =>
        OnlyFor is not { } only || (levels.TryGetValue(only.Key, out var level) && level == only.Value);

    /// <summary>The index of the page after <paramref name="current"/> that a cell with <paramref name="levels"/> sees (the debrief is shown to all).</summary>
    public static int NextShown(IReadOnlyList<PageDefinition> pages, int current, IReadOnlyDictionary<string, string> levels)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var next = current + 1;
        while (next < pages.Count - 1 && !pages[next].IsShownTo(levels)) next++;
        return next;
    }
}

/// <summary>
/// Question kinds. <see cref="Locate"/> and <see cref="Remedy"/> are never written as questions: the reader gives each
/// locate or remedy page one question of that kind, whose id is the page's id (the page's answer).
/// </summary>
public enum QuestionKind { Likert, Choice, YesNo, Text, ForwardSimulation, Catch, MultiSelect, Number, NasaTlx, Locate, Remedy }

/// <summary>Keys computed from the stimulus a participant saw, for comprehension questions whose right answer depends on the condition.</summary>
public enum DerivedKey
{
    /// <summary>The first feature of the shown global payload (choice questions whose options are feature names).</summary>
    ShownTopFeature,
    /// <summary>"yes" when the shown effect's last y exceeds its first y (yes/no questions on an effect page).</summary>
    ShownEffectRises,
    /// <summary>
    /// The numeric option at which the shown effect curve has its most prominent spike or dip, or the one non-numeric
    /// option ("I see no spike") when no offered point stands out (choice questions on an effect page; rule: <see cref="EffectSpike"/>).
    /// </summary>
    ShownEffectSpike,
    /// <summary>The person ("a" or "b") to whom the model gives the higher probability (forward-simulation trials; implicit).</summary>
    ModelHigher,
    /// <summary>
    /// The feature at rank <see cref="AnswerKey.Rank"/> (1 = first) of the shown global payload, written
    /// <c>shown-rank-3</c> in study files: Kaur et al.'s "Which is the 3rd most important feature … according to the
    /// explanation system?" (choice questions whose options are feature names).
    /// </summary>
    ShownRank,
}

/// <summary>The right answer: a literal (an option's text; "yes"/"no") or a key derived from the stimulus.</summary>
/// <param name="Rank">For <see cref="DerivedKey.ShownRank"/>: the 1-based rank; 0 otherwise.</param>
public sealed record AnswerKey(string? Literal, DerivedKey? Derived, int Rank = 0)
{
    public static AnswerKey Of(string literal) => new(literal, null);
    public static AnswerKey From(DerivedKey derived) => new(null, derived);
    public static AnswerKey ShownRank(int rank) => new(null, DerivedKey.ShownRank, rank);
}

/// <summary>The answers a number question accepts: <see cref="Min"/> ≤ x ≤ <see cref="Max"/>, whole numbers only when <see cref="Integer"/>.</summary>
public sealed record NumberRange(double Min, double Max, bool Integer, string? Unit);

/// <summary>A Likert scale from <see cref="Min"/> (always 1) to <see cref="Max"/> with labelled anchor points (at least both ends).</summary>
public sealed record LikertScale(int Min, int Max, IReadOnlyDictionary<int, string> Anchors);

/// <summary>
/// A question. Fields by kind: likert → <see cref="Scale"/>; choice → <see cref="Options"/> and optional
/// <see cref="Key"/>; yes-no → optional key "yes"/"no"; text → <see cref="MaxLength"/>; forward-simulation →
/// <see cref="MinProbabilityGap"/> between the two people, optional confidence <see cref="Scale"/>, key
/// <see cref="DerivedKey.ModelHigher"/>, <see cref="IsCatch"/> for attention trials with an obvious answer;
/// catch → options and a literal key (an instructed-response item); multi-select → <see cref="Options"/> (any number
/// of them chosen); number → <see cref="Range"/>; nasa-tlx → <see cref="Scale"/>, shared by its six items (<see cref="NasaTlx"/>).
/// </summary>
public sealed record QuestionDefinition(
    string Id,
    QuestionKind Kind,
    string Prompt,
    bool Required,
    LikertScale? Scale,
    IReadOnlyList<string> Options,
    AnswerKey? Key,
    int? MaxLength,
    double? MinProbabilityGap,
    bool IsCatch,
    NumberRange? Range = null);
