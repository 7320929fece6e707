using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// A forward-simulation trial: two people, "a" and "b", shown by their feature values only — never the model's
/// output, which is what the participant is asked to predict. The answer key stays server-side in the stimulus.
/// </summary>
public sealed record TrialPayload : ExplanationPayload
{
    public TrialPayload(IEnumerable<ShownValue> a, IEnumerable<ShownValue> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        A = [.. a];
        B = [.. b];
        if (A.Length == 0 || !A.Select(v => v.Name).SequenceEqual(B.Select(v => v.Name)))
            throw new ArgumentException("Expected both people described by the same non-empty list of features, in the same order.", nameof(b));
    }

    /// <summary>Reads a stored trial through the checking constructor.</summary>
    [JsonConstructor]
    internal TrialPayload(ImmutableArray<ShownValue> a, ImmutableArray<ShownValue> b) : this(a.AsEnumerable(), b.AsEnumerable()) { }

    [JsonIgnore] public override string Kind => "trial";
    [JsonPropertyName("a")] public ImmutableArray<ShownValue> A { get; }
    [JsonPropertyName("b")] public ImmutableArray<ShownValue> B { get; }
}
