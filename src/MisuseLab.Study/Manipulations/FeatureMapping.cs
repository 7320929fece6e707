using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// One permutation π of a cell's features: feature f is shown with the values of <see cref="SourceOf"/>(f) = π(f).
/// A manipulated stimulus set applies ONE mapping to every view (global, local, effect), so the views agree with
/// each other as they would for a real explanation.
/// </summary>
public sealed class FeatureMapping
{
    private readonly Dictionary<string, string> _source;

    private FeatureMapping(Dictionary<string, string> source) => _source = source;

    /// <summary>
    /// Reverse global rank over the features the explainer gives a positive importance; every flat feature
    /// (importance ≤ 0: the model does not use it, or permuting it never hurts) is a fixed point. Why: a flat
    /// feature's own effect curve is flat (it cannot be rescaled to a real feature's magnitude), so mapping it onto
    /// a used feature would show a "top" feature whose chart is a line at zero. Flat features therefore stay flat
    /// and at the bottom, and the reversal — and its Kendall τ — is over the used features.
    /// </summary>
    public static FeatureMapping ReverseRank(GlobalPayload real)
    {
        ArgumentNullException.ThrowIfNull(real);
        var used = real.Features.Where(f => !IsFlat(f)).ToArray(); // canonical order: importance descending, ties by name
        var source = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var r = 0; r < used.Length; r++) source[used[r].Name] = used[used.Length - 1 - r].Name;
        foreach (var f in real.Features.Where(IsFlat)) source[f.Name] = f.Name;
        return new FeatureMapping(source);
    }

    /// <summary>A feature with importance ≤ 0 carries no order to invert.</summary>
    public static bool IsFlat(FeatureImportance feature) => !(feature.Importance > 0);

    public IReadOnlyCollection<string> Features => _source.Keys;

    /// <summary>π(f): the feature whose importance, contribution and effect magnitude feature f is shown with.</summary>
    public string SourceOf(string feature) =>
        _source.TryGetValue(feature, out var source) ? source : throw new ManipulationException(
            $"Feature '{feature}' is not in the mapping (it maps {string.Join(", ", _source.Keys)}); pass the real global payload of the same model and explainer.");

    public bool Contains(string feature) => _source.ContainsKey(feature);
}
