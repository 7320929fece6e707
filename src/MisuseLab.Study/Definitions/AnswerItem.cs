namespace MisuseLab.Study.Definitions;

/// <summary>
/// One answerable item: a question, or the confidence rating of a forward-simulation trial (<see cref="IsConfidence"/>,
/// item id "&lt;question&gt;:confidence"). The same items are what a participant's page accepts, what storage keys
/// answers by, and what the export and the analysis read: one definition, so the rules cannot drift apart.
/// </summary>
public sealed record AnswerItem(string ItemId, QuestionDefinition Question, bool IsConfidence)
{
    public const string ConfidenceSuffix = ":confidence";

    /// <summary>The page the item is on (empty for background items, which come before the pages).</summary>
    public string PageId { get; init; } = "";

    /// <summary>Index of <see cref="PageId"/> in the study's pages, or -1 for background items.</summary>
    public int PageIndex { get; init; } = -1;

    /// <summary>For the six items of a NASA-TLX question: the subscale this item rates; null otherwise.</summary>
    public NasaTlx.Dimension? TlxDimension { get; init; }

    /// <summary>Item id of a trial's confidence rating.</summary>
    public static string ConfidenceId(string questionId) => questionId + ConfidenceSuffix;

    /// <summary>A trial's confidence is required only when the trial asks for it (has a scale).</summary>
    public bool Required => Question.Required && (!IsConfidence || Question.Scale is not null);

    /// <summary>The question kind as study files spell it, or "confidence".</summary>
    public string Type => IsConfidence ? "confidence" : StudyVocabulary.NameOf(Question.Kind);

    /// <summary>Ratings on a numeric scale: Likert items, trial confidence and the NASA-TLX subscales.</summary>
    public bool IsRating => IsConfidence || Question.Kind is QuestionKind.Likert or QuestionKind.NasaTlx;

    /// <summary>Items whose answer can be right or wrong.</summary>
    public bool IsKeyed => !IsConfidence && (Question.Key is not null || Question.Kind == QuestionKind.ForwardSimulation);

    public LikertScale? Scale => IsRating ? Question.Scale : null;

    /// <summary>The items of <paramref name="questions"/> in order (a trial's confidence right after the trial).</summary>
    public static IReadOnlyList<AnswerItem> ItemsOf(IEnumerable<QuestionDefinition> questions, string pageId = "", int pageIndex = -1)
    {
        var items = new List<AnswerItem>();
        foreach (var q in questions)
        {
            if (q.Kind == QuestionKind.NasaTlx)
            {
                // One item per subscale, each required with the question: a TLX with a missing subscale has no score.
                foreach (var d in NasaTlx.Dimensions)
                    items.Add(new AnswerItem(NasaTlx.ItemId(q.Id, d), q, false) { PageId = pageId, PageIndex = pageIndex, TlxDimension = d });
                continue;
            }
            items.Add(new AnswerItem(q.Id, q, false) { PageId = pageId, PageIndex = pageIndex });
            if (q.Kind == QuestionKind.ForwardSimulation && q.Scale is not null)
            {
                items.Add(new AnswerItem(ConfidenceId(q.Id), q, true) { PageId = pageId, PageIndex = pageIndex });
            }
        }
        return items;
    }

    /// <summary>Every item of the study's pages, in page order.</summary>
    public static IReadOnlyList<AnswerItem> ItemsOf(StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.Pages.SelectMany((page, index) => ItemsOf(page.Questions, page.Id, index))];
    }
}
