using MisuseLab.Analysis.Statistics;
using MisuseLab.Study.Definitions;

namespace MisuseLab.Analysis.Declared;

/// <summary>
/// The options every declared analysis uses, written into analysis.json so R can be told exactly the same:
/// logit link with flexible thresholds (clm defaults), treatment contrasts with the study file's first level as the
/// reference, Wald intervals at <see cref="ConfidenceLevel"/>, TOST by Welch t at the plan's α with the (1 − 2α) CI,
/// accuracy by logistic regression with CR1 cluster-robust SEs by participant.
/// </summary>
public sealed record DeclaredAnalysisOptions(
    double ConfidenceLevel,
    double Alpha,
    string OrdinalModel,
    string Contrasts,
    string ProportionalOddsCheck,
    string AccuracyModel,
    string Equivalence,
    string EffectSizes,
    string Correction)
{
    public static DeclaredAnalysisOptions For(AnalysisPlan plan) => new(
        0.95, plan.Alpha,
        "cumulative logit, flexible thresholds, Newton-Raphson MLE (ordinal::clm(link = \"logit\", threshold = \"flexible\"))",
        "treatment; reference = first level in the study file",
        "likelihood ratio against nominal effects per term (ordinal::nominal_test)",
        "logistic regression correct ~ factors, CR1 cluster-robust SE by participant (sandwich::vcovCL); lme4::glmer with participant and item random intercepts in analysis.R",
        "TOST, two one-sided Welch t-tests at alpha, (1 - 2 alpha) CI of the mean difference (second level - first level)",
        "odds ratios with Wald 95% CI; Cohen's d with Hedges-Olkin 95% CI per two-level factor",
        plan.Correction.Method == CorrectionPlan.Holm ? "Holm over the declared family's focal tests" : "none");
}

/// <summary>A TOST on one rating across the two levels of a factor (difference = second − first).</summary>
public sealed record EquivalenceOutcome(string Factor, string First, string Second, EquivalenceResult Result);

/// <summary>
/// The models of one rating: <see cref="Model"/> crosses the factors (interaction always in it),
/// <see cref="FocalTest"/> is the likelihood-ratio test of the focal term (the highest interaction, or the single
/// factor), <see cref="Adjusted"/> adds the declared covariates (on the <see cref="AdjustedObservations"/> participants
/// who answered them all), <see cref="ProportionalOdds"/> checks each term of <see cref="Model"/>.
/// </summary>
public sealed record RatingAnalysis(
    CumulativeLogitResult Model, LikelihoodRatioTest FocalTest, CumulativeLogitResult? Adjusted, int AdjustedObservations,
    string? AdjustedFailure, IReadOnlyList<NominalEffectTest> ProportionalOdds);

/// <summary>Mean rating per cell (for the page's table).</summary>
public sealed record CellMean(string Cell, int Count, double Mean, double StandardDeviation);

/// <summary>
/// Accuracy of a keyed outcome with the participant as the unit: one row per participant (catch items apart), the
/// factorial model <c>correct ~ factors</c> with CR1 cluster-robust SEs by participant, its focal coefficients, and
/// calibration (mean confidence vs accuracy) per cell when the items asked for confidence.
/// </summary>
public sealed record AccuracyAnalysis(
    IReadOnlyList<ParticipantAccuracyRow> Participants, ClusterRobustResult Model, IReadOnlyList<string> FocalCoefficients,
    IReadOnlyList<CalibrationRow> Calibration, IReadOnlyList<CellMean> AccuracyByCell);

/// <summary>
/// One declared outcome analysed on one sample. <see cref="FocalPValue"/> is what enters the correction family: the
/// LR test of the focal term (ratings) or the Wald test of its single coefficient (accuracy; a focal term with k &gt; 1
/// coefficients uses the Bonferroni minimum, min(1, k·min p), the method field says so). <see cref="Failure"/> is set,
/// and the p-value NaN, when the model could not be fitted (too few data, an empty cell, separation).
/// </summary>
public sealed record OutcomeResult(
    string Outcome, OutcomeKind Kind, bool Primary, int Participants, string FocalTerm, double FocalPValue, string FocalMethod,
    RatingAnalysis? Rating, AccuracyAnalysis? Accuracy, IReadOnlyList<CellMean> ByCell, IReadOnlyList<EffectSize> EffectSizes,
    IReadOnlyList<EquivalenceOutcome> Equivalence, string? Failure)
{
    /// <summary>For an average (<see cref="OutcomeKind.Average"/>): the two-way ANOVA table (R's aov, sequential SS) whose interaction is the focal test;
    /// for a task score (<see cref="OutcomeKind.TaskScore"/>): R's anova(lm) over the analysis factors, any number of levels.</summary>
    public AnovaTable? Anova { get; init; }
}

/// <summary>The declared analysis on one sample: everyone ("all") or those the exclusion rules keep ("included").</summary>
public sealed record SampleAnalysis(string Sample, int Participants, IReadOnlyDictionary<string, int> ByCell, IReadOnlyList<OutcomeResult> Outcomes, IReadOnlyList<AdjustedPValue> Correction);

/// <summary>The declared analysis with and without exclusions, and who was excluded why.</summary>
public sealed record DeclaredAnalysisReport(
    string Study, string Version, string StudyHash, AnalysisPlan Plan, DeclaredAnalysisOptions Options, IReadOnlyList<string> Cells,
    IReadOnlyList<ExclusionDecision> Exclusions, IReadOnlyList<ExclusionCount> ExclusionCounts,
    SampleAnalysis All, SampleAnalysis Included)
{
    public const string AllSample = "all";
    public const string IncludedSample = "included";

    /// <summary>Kaur et al.'s Table 2 recomputed on this data beside the paper's (<c>analysis.replication</c>); null when not declared.</summary>
    public Reports.Kaur2020.PaperTable2Report? PaperTable2 { get; init; }
}
