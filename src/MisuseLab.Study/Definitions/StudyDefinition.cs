using System.Text.Json;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// A study as written in <c>studies/&lt;id&gt;.json</c> (format: studies/README.md, schema: studies/study.schema.json).
/// Obtained only through <see cref="StudyValidator"/> or <see cref="StudyDefinitionLoader"/>, so an instance
/// always passed validation. Lists keep file order. <see cref="Analysis"/> is the declared analysis (null when the file declares none).
/// </summary>
public sealed record StudyDefinition(
    string Id,
    string Title,
    string Version,
    string? Description,
    DataDefinition Data,
    IReadOnlyList<ModelDefinition> Models,
    IReadOnlyList<ExplainerDefinition> Explainers,
    ConditionDesign Conditions,
    AssignmentDefinition Assignment,
    EnrolmentDefinition Enrolment,
    ConsentDefinition Consent,
    IReadOnlyList<QuestionDefinition> Background,
    IReadOnlyList<PageDefinition> Pages,
    DebriefDefinition Debrief,
    AnalysisPlan? Analysis = null)
{
    /// <summary>The effect the study is powered for (null when the file declares none).</summary>
    public PowerPlan? Power { get; init; }

    public ModelDefinition Model(string id) => Models.Single(m => m.Id == id);
    public ExplainerDefinition Explainer(string id) => Explainers.Single(e => e.Id == id);
    public CellDefinition Cell(string id) => Conditions.Cells.Single(c => c.Id == id);
    public PageDefinition Page(string id) => Pages.Single(p => p.Id == id);

    /// <summary>The entry rule on a background answer (<c>$.screening</c>); null when everyone who consents takes part.</summary>
    public ScreeningRule? Screening { get; init; }

    /// <summary>The remedy menu (<c>$.remedies</c>, file order); empty when the study asks for no fixes.</summary>
    public IReadOnlyList<RemedyDefinition> Remedies { get; init; } = [];

    /// <summary>The remedy menu with its fixes parsed (valid by construction: validation parsed them already).</summary>
    public MisuseLab.Study.Remedies.RemedyMenu RemedyMenu() =>
        new([.. Remedies.Select((r, i) => new MisuseLab.Study.Remedies.RemedyOption(r.Id, r.Label, r.Defect, MisuseLab.Study.Remedies.RemedyFix.Parse(r.Fix, $"$.remedies[{i}].fix")))]);

    /// <summary>Every question in the study (background first, then pages in order); ids are unique study-wide.</summary>
    public IEnumerable<QuestionDefinition> AllQuestions => Background.Concat(Pages.SelectMany(p => p.Questions));
}

/// <summary>One remedy a participant may choose: its label, the defect it repairs (null for a decoy) and its fix as written (see <see cref="MisuseLab.Study.Remedies.RemedyFix"/>).</summary>
public sealed record RemedyDefinition(string Id, string Label, string? Defect, JsonElement Fix);

/// <summary>Where the data comes from ("adult"), the seed for everything random downstream of it, and the defects injected in order.</summary>
public sealed record DataDefinition(string Source, int Seed, IReadOnlyList<DefectDefinition> Defects);

/// <summary>A defect to inject: its catalog name and its parameters as written (the defects module parses them).</summary>
public sealed record DefectDefinition(string Name, JsonElement Parameters);

/// <summary>A model to train: "gbdt", "ebm" or "fasttree" (ML.NET), with numeric hyperparameters by name (names listed in <see cref="ModelKinds"/>).</summary>
public sealed record ModelDefinition(string Id, string Kind, IReadOnlyDictionary<string, double> Hyperparameters);

/// <summary>An explainer bound to a model: "treeshap" (gbdt, fasttree), "terms" (ebm), "pfi" (any) or "fcc" (fasttree).</summary>
public sealed record ExplainerDefinition(string Id, string Kind, string Model, IReadOnlyDictionary<string, double> Parameters);

public sealed record FactorDefinition(string Name, IReadOnlyList<string> Levels);

/// <summary>
/// One between-subjects cell: its level of every factor, the model and explainer it shows (explainer null for
/// the "none" and "example-based" manipulations when they need none), the manipulation (a name in
/// <see cref="Manipulations.ManipulationCatalog"/>) and its relative assignment weight.
/// </summary>
/// <param name="ManipulatedViews">The explanation views (<c>global</c>, <c>local</c>, <c>effect</c>) the manipulation
/// applies to; the cell's other views show the real model's explanation. Null: every view (the default). Kaur et al.
/// rearranged feature names in the global and local views only and left the age plot real.</param>
public sealed record CellDefinition(string Id, IReadOnlyDictionary<string, string> Levels, string Model, string? Explainer, string Manipulation, int Weight,
    IReadOnlyList<string>? ManipulatedViews = null)
{
    /// <summary>The view names a cell's <c>manipulated_views</c> may list.</summary>
    public static readonly IReadOnlyList<string> ViewNames = ["global", "local", "effect"];

    /// <summary>Whether the cell's manipulation applies to a page of <paramref name="kind"/> (pages without an explanation view: always).</summary>
    public bool Manipulates(PageKind kind) => ManipulatedViews is null || kind switch
    {
        PageKind.Global => ManipulatedViews.Contains("global"),
        PageKind.Local => ManipulatedViews.Contains("local"),
        PageKind.Effect => ManipulatedViews.Contains("effect"),
        _ => true,
    };
}

public sealed record ConditionDesign(IReadOnlyList<FactorDefinition> Factors, IReadOnlyList<CellDefinition> Cells);

/// <summary>
/// Between-subjects assignment by balanced permuted blocks: each block holds every cell weight × (block size / Σ weights)
/// times, shuffled with a generator seeded by <see cref="Seed"/> and the block's index.
/// </summary>
public sealed record AssignmentDefinition(string Design, string Method, int BlockSize, int Seed);

public enum EnrolmentMode { Open, Invite, Prolific }

/// <summary>Link: the join (invite link, panel id, open link) signs the participant in for this study alone. Account: they register with an e-mail and password.</summary>
public enum ParticipantSignIn { Link, Account }

/// <summary>How participants arrive; <see cref="CompletionUrl"/> (absolute https) is where they are sent after the debrief (required for Prolific).</summary>
public sealed record EnrolmentDefinition(EnrolmentMode Mode, string? CompletionUrl, int? TargetParticipants, ParticipantSignIn? DeclaredSignIn = null)
{
    /// <summary><c>participant_sign_in</c> as declared; when absent, link for invite and panel studies (the invitation is the credential), account for open ones.</summary>
    public ParticipantSignIn SignIn => DeclaredSignIn ?? (Mode == EnrolmentMode.Open ? ParticipantSignIn.Account : ParticipantSignIn.Link);
}

/// <summary>
/// The consent and what becomes of a session the participant leaves without finishing: <see cref="Abandoned"/> is the
/// study's declared policy (file: <c>consent.abandoned</c>, <c>keep</c> by default), applied when the idle-session
/// sweeper ends the session — the consent text should say which one holds.
/// </summary>
public sealed record ConsentDefinition(string Text, string AgreeLabel, AbandonedPolicy Abandoned = AbandonedPolicy.Keep);

/// <summary>Keep: an abandoned session's answers stay in the data (status abandoned). Delete: they are erased like a withdrawal.</summary>
public enum AbandonedPolicy { Keep, Delete }

/// <summary>The debrief: shared text plus, per cell id, the text revealing what that cell showed. Only the debrief may name conditions.</summary>
public sealed record DebriefDefinition(string Text, IReadOnlyDictionary<string, string> ConditionTexts);
