namespace MisuseLab.Study.Definitions;

/// <summary>
/// What an analysis outcome reference denotes: a Likert question (a rating), a keyed non-catch question (an answer),
/// or a page holding keyed non-catch questions (their participant-level accuracy). Background items are not outcomes:
/// they are measured before any manipulation, so they are covariates. Catch items only ever serve exclusion.
/// </summary>
public static class OutcomeResolver
{
    /// <summary>The kind <paramref name="reference"/> denotes, or null when it names nothing analysable on the pages.</summary>
    public static OutcomeKind? Resolve(string reference, IReadOnlyList<PageDefinition> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        foreach (var page in pages)
        {
            if (page.Id == reference && AccuracyItems(page).Any()) return OutcomeKind.PageAccuracy;
            foreach (var q in page.Questions.Where(q => q.Id == reference))
            {
                if (q.Kind == QuestionKind.Likert) return OutcomeKind.Rating;
                if (IsScored(q)) return OutcomeKind.Answer;
            }
        }
        return null;
    }

    /// <summary>Questions that count toward a page's accuracy: keyed and not attention checks.</summary>
    public static IEnumerable<QuestionDefinition> AccuracyItems(PageDefinition page) => page.Questions.Where(IsScored);

    /// <summary>Keyed (or a trial, which is always keyed) and not an attention item.</summary>
    public static bool IsScored(QuestionDefinition q) =>
        !q.IsCatch && q.Kind != QuestionKind.Catch && (q.Key is not null || q.Kind == QuestionKind.ForwardSimulation);

    /// <summary>Attention items: catch questions and catch trials (used only to exclude).</summary>
    public static bool IsAttention(QuestionDefinition q) => q.IsCatch || q.Kind == QuestionKind.Catch;
}
