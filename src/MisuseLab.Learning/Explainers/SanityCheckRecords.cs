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

/// <summary>
/// The outcome of one test (cascading or independent model randomization, data randomization) for one explainer.
/// <see cref="RetrainedTrainingAuc"/> (data randomization only): the retrained model's AUC on its own training rows
/// against the permuted labels it was trained on — near 0.5 means it did not fit them, and an explanation of a model
/// that learned nothing says little about the explainer, so the test is then inconclusive.
/// </summary>
public sealed record SanityCheckResult(string Explainer, string Test, IReadOnlyList<RandomizationStep> Steps, bool Passed, string Criterion, double? RetrainedTrainingAuc = null);

public sealed record SanityReport(IReadOnlyList<SanityCheckResult> Results, int Seed, int ExplainedRows);
