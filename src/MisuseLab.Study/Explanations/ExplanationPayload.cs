using System.Text;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// What a participant's browser receives for one page: plain data, never the condition's name. Every payload
/// has one canonical JSON form (see <see cref="PayloadJson"/>): "kind" first, then the payload's properties in
/// declaration order; two payloads are the same stimulus exactly when their canonical bytes are equal.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(GlobalPayload), "global")]
[JsonDerivedType(typeof(LocalPayload), "local")]
[JsonDerivedType(typeof(EffectPayload), "effect")]
[JsonDerivedType(typeof(ExamplesPayload), "examples")]
[JsonDerivedType(typeof(OverviewPayload), "overview")]
[JsonDerivedType(typeof(TrialPayload), "trial")]
[JsonDerivedType(typeof(NoExplanationPayload), "none")]
public abstract record ExplanationPayload
{
    /// <summary>The "kind" discriminator written first in the JSON (the serializer writes it from the attributes above; a test keeps the two equal).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    public byte[] ToCanonicalJsonBytes() => PayloadJson.ToBytes(this);

    public string ToCanonicalJson() => Encoding.UTF8.GetString(ToCanonicalJsonBytes());
}

/// <summary>Names of the explainers a payload can come from (the explainer is visible to participants; the condition is not).</summary>
public static class ExplainerKinds
{
    public const string TreeShap = "treeshap";
    public const string Terms = "terms";
    public const string Pfi = "pfi";

    /// <summary>ML.NET's Feature Contribution Calculation.</summary>
    public const string Fcc = "fcc";

    public static readonly IReadOnlyList<string> All = [TreeShap, Terms, Pfi, Fcc];

    internal static string Check(string explainer, string paramName)
    {
        if (!All.Contains(explainer, StringComparer.Ordinal))
            throw new ArgumentException($"Expected explainer one of {string.Join(", ", All)}; found '{explainer}'.", paramName);
        return explainer;
    }
}

internal static class PayloadChecks
{
    public static string Name(string? name, string paramName)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("Expected a non-empty feature name.", paramName);
        return name;
    }

    public static double Finite(double value, string paramName)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(paramName, value, "Expected a finite number; a payload cannot carry NaN or infinity.");
        return value;
    }

    public static void UniqueNames(IEnumerable<string> names, string paramName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
                throw new ArgumentException($"Feature '{name}' appears twice; each feature may appear once.", paramName);
        }
    }
}
