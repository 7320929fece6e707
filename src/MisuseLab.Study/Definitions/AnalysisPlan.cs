namespace MisuseLab.Study.Definitions;

/// <summary>
/// The analysis declared before data collection (study file section <c>analysis</c>, studies/README.md): what the
/// study tests, how, and whom it leaves out. Everything the analysis page and <c>analysis.json</c> report is either
/// declared here (confirmatory) or labelled exploratory. Every reference was checked by <see cref="StudyValidator"/>:
/// outcomes name analysable items or pages, factors name design factors, covariates name background items.
/// </summary>
/// <param name="Alpha">Significance level of every declared test; TOST then uses a (1 − 2α) interval.</param>
/// <param name="Primary">Primary outcomes (see <see cref="AnalysisOutcome"/>), in file order.</param>
/// <param name="Secondary">Secondary outcomes, in file order.</param>
/// <param name="Factors">Design factors the models cross (all of the design's factors when the file names none), with their interaction.</param>
/// <param name="Covariates">Background item ids added in the second (adjusted) model of each outcome.</param>
/// <param name="Correction">The multiple-comparison correction and the outcomes whose focal tests form its family.</param>
/// <param name="Equivalence">Equivalence tests (TOST) declared per rating.</param>
/// <param name="Exclusions">The exclusion rules applied before the confirmatory analysis.</param>
public sealed record AnalysisPlan(
    double Alpha,
    IReadOnlyList<AnalysisOutcome> Primary,
    IReadOnlyList<AnalysisOutcome> Secondary,
    IReadOnlyList<string> Factors,
    IReadOnlyList<string> Covariates,
    CorrectionPlan Correction,
    IReadOnlyList<EquivalenceBound> Equivalence,
    ExclusionRules Exclusions)
{
    public const double DefaultAlpha = 0.05;

    /// <summary>Primary then secondary outcomes.</summary>
    public IEnumerable<AnalysisOutcome> Outcomes => Primary.Concat(Secondary);

    /// <summary>Per-participant averages of named rating items (<c>averages</c>), usable as outcomes by their id.</summary>
    public IReadOnlyList<AverageDefinition> Averages { get; init; } = [];

    /// <summary>A published table recomputed on this study's data (<c>replication</c>); null when none is declared.</summary>
    public ReplicationPlan? Replication { get; init; }
}

/// <summary>
/// An outcome that averages rating items per participant (<see cref="OutcomeKind.Average"/>): the mean of the
/// participant's answers to <see cref="Items"/> (Likert question ids; a NASA-TLX question id stands for its six
/// subscale items, so averaging one TLX question is its Raw TLX score). Kaur et al. asked each rating once per block
/// and report SDs of 0.6–1.1 on a 1–7 scale, which are those of per-participant averages, not of single ratings.
/// </summary>
public sealed record AverageDefinition(string Id, IReadOnlyList<string> Items);

/// <summary>What kind of measurement an outcome is, which decides its model.</summary>
public enum OutcomeKind
{
    /// <summary>A Likert question: cumulative-logit (proportional-odds) models.</summary>
    Rating,
    /// <summary>One keyed question (choice, yes-no with a key, or one forward-simulation trial): right or wrong per participant.</summary>
    Answer,
    /// <summary>A page's keyed, non-catch questions together: one accuracy per participant, compared with cluster-robust logistic regression.</summary>
    PageAccuracy,
    /// <summary>A declared average of rating items (<see cref="AverageDefinition"/>): one mean per participant, compared by the two-way ANOVA (R's aov).</summary>
    Average,
    /// <summary>A locate or remedy page's per-participant score (<see cref="TaskOutcome"/>): a linear model with sequential SS (R's anova(lm)).</summary>
    TaskScore,
}

/// <summary>
/// One declared outcome: <see cref="Reference"/> is a question id (a Likert item, or a keyed question) or a page id
/// (the participant-level accuracy over that page's keyed, non-catch questions). <see cref="Kind"/> is what the
/// reference turned out to be (<see cref="OutcomeKind.Rating"/> when unknown, since validation then fails anyway).
/// </summary>
public sealed record AnalysisOutcome(string Reference, OutcomeKind Kind);

/// <summary>
/// The correction for multiple comparisons. <see cref="Method"/> is "holm" (Holm–Bonferroni) or "none";
/// <see cref="Family"/> lists the outcomes whose focal test (the interaction when the design crosses factors, else
/// the single factor's effect) is corrected together — all primary outcomes when the file names none.
/// </summary>
public sealed record CorrectionPlan(string Method, IReadOnlyList<string> Family)
{
    public const string Holm = "holm";
    public const string None = "none";
}

/// <summary>
/// A two one-sided tests (TOST) equivalence test on a rating: the mean difference between the two levels of
/// <see cref="Factor"/> (second level − first level, pooled over the other factors) lies within ±<see cref="Bound"/>
/// scale points, tested with Welch's t at the plan's α and shown with its (1 − 2α) confidence interval.
/// </summary>
public sealed record EquivalenceBound(string Outcome, string Factor, double Bound);

/// <summary>
/// Who is excluded from the confirmatory analysis (the analysis also reports everyone, and counts per reason per cell).
/// </summary>
/// <param name="FailedCatch">Exclude anyone who answered an attention item (catch question or catch trial) wrongly.</param>
/// <param name="MinSecondsPerPage">Exclude anyone who spent less than this on any page with questions (server-measured dwell); null for no rule.</param>
/// <param name="IncompleteSessions">Exclude sessions that did not reach the debrief.</param>
/// <param name="IdenticalOrGibberishOpenAnswers">
/// Kaur et al.'s rule: exclude anyone whose non-empty open (text) answers are all identical to one another (two or
/// more of them) or any of which is gibberish (the heuristic is documented in studies/README.md and in the analysis).
/// </param>
public sealed record ExclusionRules(bool FailedCatch, double? MinSecondsPerPage, bool IncompleteSessions, bool IdenticalOrGibberishOpenAnswers = false)
{
    public static readonly ExclusionRules None = new(false, null, false);
}
