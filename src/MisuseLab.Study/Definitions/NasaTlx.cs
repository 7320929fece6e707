namespace MisuseLab.Study.Definitions;

/// <summary>
/// The NASA Task Load Index (Hart &amp; Staveland 1988): six subscales, each one answer item
/// <c>&lt;question&gt;:&lt;dimension&gt;</c> on the question's scale. Kaur et al. report it as "cognitive load" on the
/// same 1–7 range as their other ratings (Table 2: 3.8–5.0), so the scale is the study author's, not TLX's 0–100.
/// Score: the Raw TLX (Hart 2006, "NASA-TLX; 20 years later"), the unweighted mean of the six ratings — the
/// pairwise-comparison weights are not collected. Every subscale is anchored so that a high rating means more
/// load: Performance runs from "Perfect" (low) to "Failure" (high), as on the original form, so no item is reversed.
/// </summary>
public static class NasaTlx
{
    public sealed record Dimension(string Id, string Name, string Prompt, string Low, string High);

    public static readonly IReadOnlyList<Dimension> Dimensions =
    [
        new("mental", "Mental demand", "How mentally demanding was the task?", "Very low", "Very high"),
        new("physical", "Physical demand", "How physically demanding was the task?", "Very low", "Very high"),
        new("temporal", "Temporal demand", "How hurried or rushed was the pace of the task?", "Very low", "Very high"),
        new("performance", "Performance", "How successful were you in accomplishing what you were asked to do?", "Perfect", "Failure"),
        new("effort", "Effort", "How hard did you have to work to accomplish your level of performance?", "Very low", "Very high"),
        new("frustration", "Frustration", "How insecure, discouraged, irritated, stressed and annoyed were you?", "Very low", "Very high"),
    ];

    /// <summary>The item id of one subscale of the TLX question <paramref name="questionId"/>.</summary>
    public static string ItemId(string questionId, Dimension dimension) => $"{questionId}:{dimension.Id}";

    /// <summary>The Raw TLX score: the mean of the six ratings, on the question's own scale.</summary>
    /// <exception cref="ArgumentException">Not exactly one rating per subscale.</exception>
    public static double Score(IReadOnlyList<double> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count != Dimensions.Count)
            throw new ArgumentException($"Expected one rating per NASA-TLX subscale ({Dimensions.Count}); found {ratings.Count}.", nameof(ratings));
        return ratings.Average();
    }
}
