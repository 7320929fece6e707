namespace MisuseLab.Study.Definitions;

/// <summary>
/// One problem in a study file: a stable code (see <see cref="StudyErrorCodes"/>), the JSON path of the offending
/// value (<c>$.pages[3].questions[1].scale.max</c>), what was expected and found, what to try, and the 1-based
/// line and column of that value in the file when known.
/// </summary>
public sealed record StudyError(string Code, string Path, string Message, string Hint, int? Line = null, int? Column = null)
{
    public override string ToString() =>
        $"{(Line is null ? "" : $"{Line}:{Column}: ")}{Code} {Path}: {Message} Hint: {Hint}";
}

/// <summary>Every error code a study file can produce; codes never change meaning (documented in studies/README.md).</summary>
public static class StudyErrorCodes
{
    public const string Syntax = "STUDY001";
    public const string Missing = "STUDY002";
    public const string WrongType = "STUDY003";
    public const string UnknownProperty = "STUDY004";
    public const string DuplicateProperty = "STUDY005";
    public const string BadIdentifier = "STUDY006";
    public const string NotAllowed = "STUDY007";
    public const string OutOfRange = "STUDY008";
    public const string DuplicateId = "STUDY009";
    public const string UnknownDefect = "STUDY010";
    public const string UnknownReference = "STUDY011";
    public const string IncompatibleExplainer = "STUDY012";
    public const string DesignCoverage = "STUDY013";
    public const string BadScale = "STUDY014";
    public const string BadKey = "STUDY015";
    public const string KindField = "STUDY016";
    public const string ConditionRevealed = "STUDY017";
    public const string BadBlock = "STUDY018";
    public const string BadEnrolment = "STUDY019";
    public const string BadText = "STUDY020";
    public const string QuestionNotAllowed = "STUDY021";
    public const string PageOrder = "STUDY022";
    public const string DebriefCoverage = "STUDY023";
    public const string UnknownParameter = "STUDY024";
    public const string BadDefectParameters = "STUDY025";
    /// <summary>Found when the study is built (launch, <c>studies check</c>): a cell's key of a question is not one of its options.</summary>
    public const string KeyNotAmongOptions = "STUDY026";
    /// <summary>Found when the study is built: a literal key on an effect page is not what the cell's built effect curve shows.</summary>
    public const string KeyNotShown = "STUDY027";
    /// <summary>Warning: a question about a defect comes before the study's free-text detection question, so detection is cued.</summary>
    public const string CuedDetection = "STUDY028";
    /// <summary>The declared analysis names something of the wrong kind (an unkeyed or attention item as an outcome, a text covariate, TOST across a factor without two levels, an attention rule with no attention items).</summary>
    public const string NotAnalysable = "STUDY029";
    /// <summary>Warning: the consent text promises that data is deleted, but the study keeps abandoned sessions.</summary>
    public const string ConsentPromise = "STUDY030";
    /// <summary>The screening rule names no background question, or one that is neither likert nor number.</summary>
    public const string BadScreeningItem = "STUDY031";
    /// <summary>The screening rule's bounds admit nobody (min above max, or outside the item's scale or range).</summary>
    public const string BadScreeningBounds = "STUDY032";
    /// <summary>A page's <c>only_for</c> names an unknown factor or level, or is set on a page every cell must see (consent, debrief, the first page after consent).</summary>
    public const string BadOnlyFor = "STUDY033";
    /// <summary>A declared average names an item that is not a Likert or NASA-TLX question on a page, reuses a question or page id, or the analysis's factors are not two two-level factors.</summary>
    public const string BadAverage = "STUDY034";
    /// <summary>A remedy page in a study whose <c>remedies</c> menu is empty or absent: the page would offer nothing to choose.</summary>
    public const string RemedyPageWithoutMenu = "STUDY035";
    /// <summary>A locate page in a study that injects no defects: there is nothing to locate and nothing to score against.</summary>
    public const string LocatePageWithoutDefects = "STUDY036";
    /// <summary><c>analysis.replication</c> names an unknown cell (or one cell twice), an accuracy item that is not a keyed question on a page, or a rating row that is not an average, a Likert or a NASA-TLX question.</summary>
    public const string BadReplication = "STUDY039";
    /// <summary>The identical-or-gibberish open-answer exclusion is declared, but the study's pages ask no open (text) question.</summary>
    public const string NoOpenAnswers = "STUDY040";
    /// <summary>A task outcome <c>{page id}.{metric}</c> names a page that does not exist or is not a locate or remedy page.</summary>
    public const string TaskOutcomeNotATaskPage = "STUDY041";
    /// <summary>A task outcome's metric does not fit its page: <c>recall</c>/<c>precision</c> need a locate page, <c>auc_gain</c> a remedy page.</summary>
    public const string TaskOutcomeWrongMetric = "STUDY042";
}

/// <summary>A study file failed validation; <see cref="Errors"/> holds every problem found, not just the first.</summary>
public sealed class StudyValidationException(string file, IReadOnlyList<StudyError> errors)
    : Exception($"Study file '{file}' has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => "  " + e))}")
{
    public string File { get; } = file;
    public IReadOnlyList<StudyError> Errors { get; } = errors;
}
