using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>One feature's global importance with its interval (low ≤ importance ≤ high; low = high when the explainer gives none).</summary>
public sealed record FeatureImportance
{
    public FeatureImportance(string name, double importance, double low, double high)
    {
        Name = PayloadChecks.Name(name, nameof(name));
        Importance = PayloadChecks.Finite(importance, nameof(importance));
        Low = PayloadChecks.Finite(low, nameof(low));
        High = PayloadChecks.Finite(high, nameof(high));
        if (!(low <= importance && importance <= high))
            throw new ArgumentException($"Feature '{name}': expected low ≤ importance ≤ high; found {low:R} ≤ {importance:R} ≤ {high:R}.", nameof(importance));
    }

    [JsonPropertyName("name")] public string Name { get; }
    [JsonPropertyName("importance")] public double Importance { get; }
    [JsonPropertyName("low")] public double Low { get; }
    [JsonPropertyName("high")] public double High { get; }
}

/// <summary>
/// Global importance of every feature. The features are held in canonical order — importance descending, ties
/// by name (ordinal) — whatever order they were given in, so the JSON never depends on how a builder or a
/// condition listed them.
/// </summary>
public sealed record GlobalPayload : ExplanationPayload
{
    public GlobalPayload(string explainer, Measure measure, IEnumerable<FeatureImportance> features)
    {
        Measure = measure ?? throw new ArgumentNullException(nameof(measure));
        ArgumentNullException.ThrowIfNull(features);
        Explainer = ExplainerKinds.Check(explainer, nameof(explainer));
        var sorted = features.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Expected at least one feature.", nameof(features));
        PayloadChecks.UniqueNames(sorted.Select(f => f.Name), nameof(features));
        Array.Sort(sorted, CompareCanonical);
        Features = sorted.ToImmutableArray();
    }

    /// <summary>Reads a stored payload; the public constructor re-sorts and checks the features.</summary>
    [JsonConstructor]
    internal GlobalPayload(string explainer, Measure measure, ImmutableArray<FeatureImportance> features) : this(explainer, measure, features.AsEnumerable()) { }

    [JsonIgnore] public override string Kind => "global";
    [JsonPropertyName("explainer")] public string Explainer { get; }

    /// <summary>What every importance (and interval) measures, and its unit.</summary>
    [JsonPropertyName("measure")] public Measure Measure { get; }


    /// <summary>Features by importance descending (rank 0 = most important), ties by name.</summary>
    [JsonPropertyName("features")] public ImmutableArray<FeatureImportance> Features { get; }

    public FeatureImportance? Find(string name)
    {
        foreach (var f in Features) if (f.Name == name) return f;
        return null;
    }

    /// <summary>Rank of a feature in canonical order (0 = most important), or -1 when absent.</summary>
    public int RankOf(string name)
    {
        for (var i = 0; i < Features.Length; i++) if (Features[i].Name == name) return i;
        return -1;
    }

    private static int CompareCanonical(FeatureImportance a, FeatureImportance b)
    {
        var byImportance = b.Importance.CompareTo(a.Importance);
        return byImportance != 0 ? byImportance : string.CompareOrdinal(a.Name, b.Name);
    }
}
