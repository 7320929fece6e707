using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>One feature's contribution to one prediction, with the feature's value as the participant sees it ("38", "Married-civ-spouse", "missing").</summary>
public sealed record FeatureContribution
{
    public FeatureContribution(string name, string value, double contribution)
    {
        Name = PayloadChecks.Name(name, nameof(name));
        Value = value ?? throw new ArgumentNullException(nameof(value));
        Contribution = PayloadChecks.Finite(contribution, nameof(contribution));
    }

    [JsonPropertyName("name")] public string Name { get; }
    [JsonPropertyName("value")] public string Value { get; }
    [JsonPropertyName("contribution")] public double Contribution { get; }
}

/// <summary>
/// A local explanation of one row: base value, per-feature contributions and the model output (log-odds) with
/// its probability. Contributions are held in canonical order — |contribution| descending, then contribution
/// descending, then name — so the order in which they are summed depends only on the multiset of values: two
/// payloads whose contributions are a permutation of each other have bit-identical <see cref="ContributionSum"/>.
/// <see cref="Label"/> is the person's true class (income &gt;50K) when the page shows it, else null.
/// Additivity is not enforced here (a sign-flipped condition deliberately breaks it); <see cref="AdditivityGap"/> measures it.
/// </summary>
public sealed record LocalPayload : ExplanationPayload
{
    public LocalPayload(string explainer, int row, double baseValue, double output, double probability, IEnumerable<FeatureContribution> contributions, bool? label = null)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        Explainer = ExplainerKinds.Check(explainer, nameof(explainer));
        if (row < 0) throw new ArgumentOutOfRangeException(nameof(row), row, "Expected a row index ≥ 0.");
        Row = row;
        Base = PayloadChecks.Finite(baseValue, nameof(baseValue));
        Output = PayloadChecks.Finite(output, nameof(output));
        Probability = PayloadChecks.Finite(probability, nameof(probability));
        if (probability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Expected a probability in [0, 1].");
        var expected = 1.0 / (1.0 + Math.Exp(-output));
        if (Math.Abs(expected - probability) > 1e-9)
            throw new ArgumentException($"Row {row}: expected probability = sigmoid(output) = {expected:R}; found {probability:R}. Pass the model's probability for the same output (log-odds).", nameof(probability));
        var sorted = contributions.ToArray();
        if (sorted.Length == 0) throw new ArgumentException("Expected at least one contribution.", nameof(contributions));
        PayloadChecks.UniqueNames(sorted.Select(c => c.Name), nameof(contributions));
        Array.Sort(sorted, CompareCanonical);
        Contributions = sorted.ToImmutableArray();
        Label = label;
    }

    /// <summary>Reads a stored payload; the public constructor re-sorts and checks the contributions.</summary>
    [JsonConstructor]
    internal LocalPayload(string explainer, int row, double @base, double output, double probability, bool? label, ImmutableArray<FeatureContribution> contributions)
        : this(explainer, row, @base, output, probability, contributions.AsEnumerable(), label) { }

    [JsonIgnore] public override string Kind => "local";
    [JsonPropertyName("explainer")] public string Explainer { get; }
    [JsonPropertyName("row")] public int Row { get; }
    [JsonPropertyName("base")] public double Base { get; }
    [JsonPropertyName("output")] public double Output { get; }
    [JsonPropertyName("probability")] public double Probability { get; }
    [JsonPropertyName("label")] public bool? Label { get; }
    [JsonPropertyName("contributions")] public ImmutableArray<FeatureContribution> Contributions { get; }

    /// <summary>Σ contributions, summed left to right in canonical order (the order the JSON lists them).</summary>
    [JsonIgnore]
    public double ContributionSum
    {
        get
        {
            var sum = 0.0;
            foreach (var c in Contributions) sum += c.Contribution;
            return sum;
        }
    }

    /// <summary>base + Σ contributions − output; 0 up to rounding for a faithful additive explanation.</summary>
    [JsonIgnore]
    public double AdditivityGap => Base + ContributionSum - Output;

    public FeatureContribution? Find(string name)
    {
        foreach (var c in Contributions) if (c.Name == name) return c;
        return null;
    }

    /// <summary>The canonical order, exposed so conditions rank contributions exactly as the payload does.</summary>
    public static int CompareCanonical(FeatureContribution a, FeatureContribution b)
    {
        var byMagnitude = Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution));
        if (byMagnitude != 0) return byMagnitude;
        var byValue = b.Contribution.CompareTo(a.Contribution);
        return byValue != 0 ? byValue : string.CompareOrdinal(a.Name, b.Name);
    }
}
