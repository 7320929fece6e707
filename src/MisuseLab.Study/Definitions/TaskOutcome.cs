namespace MisuseLab.Study.Definitions;

/// <summary>
/// An analysis outcome that is a task page's per-participant score (issue 17), written <c>{page id}.{metric}</c>:
/// <c>recall</c> or <c>precision</c> of a locate page (precision is undefined, and left out, for a participant who
/// marked nothing), <c>auc_gain</c> of a remedy page (clean-test AUC of the retrained model minus the unfixed model's).
/// </summary>
public sealed record TaskOutcome(string Page, string Metric)
{
    public const string Recall = "recall";
    public const string Precision = "precision";
    public const string AucGain = "auc_gain";

    /// <summary>The page kind each metric is measured on.</summary>
    public static PageKind KindFor(string metric) => metric == AucGain ? PageKind.Remedy : PageKind.Locate;

    /// <summary>The reference split at its last dot when the part after it is a known metric; null otherwise.</summary>
    public static TaskOutcome? Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var dot = reference.LastIndexOf('.');
        if (dot <= 0) return null;
        var metric = reference[(dot + 1)..];
        return metric is Recall or Precision or AucGain ? new TaskOutcome(reference[..dot], metric) : null;
    }
}
