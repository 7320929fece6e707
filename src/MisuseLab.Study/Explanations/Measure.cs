using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// What a payload's numbers measure and in which unit ("AUC drop when the feature is shuffled", "AUC"), carried in the
/// payload so a chart's axis title is read from the data, never guessed from the explainer's name.
/// </summary>
public sealed record Measure
{
    public Measure(string name, string unit)
    {
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("Expected a non-empty measure name.", nameof(name)) : name;
        Unit = string.IsNullOrWhiteSpace(unit) ? throw new ArgumentException("Expected a non-empty unit.", nameof(unit)) : unit;
    }

    [JsonPropertyName("name")] public string Name { get; }
    [JsonPropertyName("unit")] public string Unit { get; }

    /// <summary>"name (unit)", the axis title of a chart of this measure.</summary>
    [JsonIgnore] public string Title => $"{Name} ({Unit})";

    public static readonly Measure MeanAbsShap = new("mean |SHAP value|", "log-odds");
    public static readonly Measure MeanAbsTermScore = new("mean |term score|", "log-odds");
    public static readonly Measure ShapValue = new("SHAP value", "log-odds");
    public static readonly Measure TermScore = new("term score", "log-odds");

    /// <summary>ML.NET's Feature Contribution Calculation: per-tree leaf minus "ghost leaf" values, in the ensemble's score (log-odds) units; they do not add up to the output.</summary>
    public static readonly Measure MeanAbsFcc = new("mean |feature contribution| (ML.NET FCC)", "log-odds");
    public static readonly Measure FccContribution = new("feature contribution (ML.NET FCC)", "log-odds");

    /// <summary>Permutation importance as the worsening of a score: "AUC drop when the feature is shuffled", unit "AUC".</summary>
    public static Measure PermutationDrop(string metric) => new($"{metric} drop when the feature is shuffled", metric);

    /// <summary>
    /// The measure the pipeline's global view of <paramref name="explainer"/> has with default options: mean |attribution|
    /// for TreeSHAP and EBM terms, the AUC drop for PFI (PermutationImportanceOptions' default metric).
    /// </summary>
    public static Measure GlobalFor(string explainer) => explainer switch
    {
        ExplainerKinds.TreeShap => MeanAbsShap,
        ExplainerKinds.Terms => MeanAbsTermScore,
        ExplainerKinds.Pfi => PermutationDrop("AUC"),
        ExplainerKinds.Fcc => MeanAbsFcc,
        _ => throw new ArgumentException($"Expected explainer one of {string.Join(", ", ExplainerKinds.All)}; found '{explainer}'.", nameof(explainer)),
    };

    /// <summary>The measure of an effect's y values: SHAP values for TreeSHAP, term scores for EBM terms (PFI has no effect view).</summary>
    public static Measure EffectFor(string explainer) => explainer switch
    {
        ExplainerKinds.TreeShap => ShapValue,
        ExplainerKinds.Terms => TermScore,
        ExplainerKinds.Fcc => FccContribution,
        _ => throw new ArgumentException($"Expected explainer treeshap, terms or fcc for an effect; found '{explainer}'.", nameof(explainer)),
    };
}
