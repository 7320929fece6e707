namespace MisuseLab.Study.Definitions;

/// <summary>
/// The background form a study gets when its file declares no <c>background</c> questions. Defined here, not in the web
/// app, because the export and its codebook must describe the same items the participant pages asked.
/// </summary>
public static class DefaultBackground
{
    private static readonly LikertScale Familiarity = new(1, 7, new Dictionary<int, string> { [1] = "Not at all familiar", [7] = "Extremely familiar" });

    public static readonly IReadOnlyList<QuestionDefinition> Questions =
    [
        new("bg-role", QuestionKind.Choice, "Which best describes your current role?", true, null,
            ["Data scientist", "ML engineer", "Researcher", "Student", "Other"], null, null, null, false),
        new("bg-ml-years", QuestionKind.Choice, "How many years have you worked with machine learning?", true, null,
            ["Less than 1", "1-2", "3-5", "6-10", "More than 10"], null, null, null, false),
        new("bg-familiar-gam", QuestionKind.Likert, "How familiar are you with generalized additive models (GAMs)?", true, Familiarity, [], null, null, null, false),
        new("bg-familiar-shap", QuestionKind.Likert, "How familiar are you with SHAP?", true, Familiarity, [], null, null, null, false),
    ];

    /// <summary>The study's own background questions, or <see cref="Questions"/> when it has none.</summary>
    public static IReadOnlyList<QuestionDefinition> For(StudyDefinition definition) =>
        definition.Background.Count > 0 ? definition.Background : Questions;
}
