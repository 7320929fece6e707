namespace MisuseLab.Study.Definitions;

/// <summary>
/// A published analysis recomputed on this study's data and printed beside the paper's own figures (study file
/// <c>analysis.replication</c>). Today one paper: <see cref="Kaur2020Table2"/>, Kaur et al. (CHI 2020), Table 2.
/// Every reference was checked by <see cref="ReplicationChecks"/> (STUDY039); the coding categories cannot be,
/// since codes are free text chosen by the coders.
/// </summary>
/// <param name="Paper">Which published table (<see cref="Kaur2020Table2"/>).</param>
/// <param name="Cells">The study's cell id for each of the paper's four conditions.</param>
/// <param name="Rows">What measures each of the table's rows; an absent row is reported as not measured.</param>
public sealed record ReplicationPlan(string Paper, ReplicationCells Cells, ReplicationRows Rows)
{
    public const string Kaur2020Table2 = "kaur2020-table2";
}

/// <summary>The study's cells for the paper's GAM-normal, GAM-manipulated, SHAP-normal and SHAP-manipulated conditions.</summary>
public sealed record ReplicationCells(string Gn, string Gm, string Sn, string Sm)
{
    public IReadOnlyList<string> All => [Gn, Gm, Sn, Sm];
}

/// <summary>
/// The measures behind Table 2's rows. <see cref="Accuracy"/> lists keyed questions (a participant's accuracy is the
/// percentage of those they answered that were right). The five ratings each name a declared average
/// (<c>analysis.averages</c>), a Likert question or a NASA-TLX question (its Raw TLX: the mean of its six subscales);
/// one value per participant, block ratings averaged per participant as the paper's SDs imply. The two suspicion rows
/// name a code of the blind coding of open answers.
/// </summary>
public sealed record ReplicationRows(
    IReadOnlyList<string> Accuracy,
    string? Confidence,
    string? ExplanationsReasonable,
    string? ModelReasonable,
    string? CognitiveLoad,
    string? Deploy,
    string? SuspiciousDataModel,
    string? SuspiciousTool)
{
    /// <summary>The rating rows as (study-file property, reference), in the paper's order; absent rows left out.</summary>
    public IEnumerable<(string Property, string Reference)> Ratings =>
        new (string, string?)[]
        {
            ("confidence", Confidence), ("explanations_reasonable", ExplanationsReasonable), ("model_reasonable", ModelReasonable),
            ("cognitive_load", CognitiveLoad), ("deploy", Deploy),
        }.Where(r => r.Item2 is not null).Select(r => (r.Item1, r.Item2!));
}
