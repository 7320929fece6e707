using System.Text;
using System.Text.Json;

namespace MisuseLab.Study.Explanations;

/// <summary>
/// What a participant's browser receives for one page: plain data, never the condition's name. Every payload
/// has one canonical JSON form (see <see cref="CanonicalJson"/>); two payloads are the same stimulus exactly
/// when their canonical bytes are equal.
/// </summary>
public abstract record ExplanationPayload
{
    /// <summary>The "kind" discriminator written first in the JSON: global, local, effect, examples, overview, none.</summary>
    public abstract string Kind { get; }

    /// <summary>Writes the payload as one JSON object with properties in a fixed order.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    public byte[] ToCanonicalJsonBytes() => CanonicalJson.ToBytes(WriteTo);

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
