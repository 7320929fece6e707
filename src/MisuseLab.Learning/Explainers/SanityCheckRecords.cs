namespace MisuseLab.Learning.Explainers;

/// <summary>
/// Agreement between an explainer's output on the trained model and on a randomized one. Global: over the
/// features' importances (signed, and of their absolute values), Kendall τ-b and top-k overlap by |importance|.
/// Local (when the explainer has local attributions): per-row Spearman between the two attribution vectors,
/// averaged over rows where it is defined; null for global-only explainers.
/// </summary>
public sealed record ExplanationAgreement(
    double GlobalSpearman,
    double GlobalSpearmanAbsolute,
    double GlobalKendall,
    double TopKOverlap,
    double? LocalSpearman,
    double? LocalSpearmanAbsolute);

/// <summary>One randomization step: how much of the model was randomized and how similar the explanation stayed.</summary>
public sealed record RandomizationStep(string Description, int RandomizedUnits, int TotalUnits, ExplanationAgreement Agreement);

/// <summary>The outcome of one test (model or data randomization) for one explainer.</summary>
public sealed record SanityCheckResult(string Explainer, string Test, IReadOnlyList<RandomizationStep> Steps, bool Passed, string Criterion);

public sealed record SanityReport(IReadOnlyList<SanityCheckResult> Results, int Seed, int ExplainedRows);
