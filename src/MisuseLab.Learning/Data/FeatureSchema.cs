using System.Collections;
using System.Collections.Immutable;

namespace MisuseLab.Learning.Data;

/// <summary>The ordered features a frame holds or a model expects.</summary>
public sealed class FeatureSchema : IReadOnlyList<FeatureSpec>, IEquatable<FeatureSchema>
{
    private readonly ImmutableArray<FeatureSpec> _features;
    private readonly Dictionary<string, int> _indexByName;

    public FeatureSchema(IEnumerable<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = features.ToImmutableArray();
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _features.Length; i++)
        {
            if (!_indexByName.TryAdd(_features[i].Name, i))
                throw new ArgumentException($"Feature name '{_features[i].Name}' appears twice (positions {_indexByName[_features[i].Name]} and {i}); names must be unique.", nameof(features));
        }
    }

    public int Count => _features.Length;
    public FeatureSpec this[int index] => _features[index];

    public int IndexOf(string name) =>
        _indexByName.TryGetValue(name, out var i)
            ? i
            : throw new DataFormatException($"Expected a feature named '{name}'; the schema has: {string.Join(", ", _features.Select(f => f.Name))}.");

    public bool TryIndexOf(string name, out int index) => _indexByName.TryGetValue(name, out index);

    public IEnumerator<FeatureSpec> GetEnumerator() => ((IEnumerable<FeatureSpec>)_features).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(FeatureSchema? other) => other is not null && _features.SequenceEqual(other._features);
    public override bool Equals(object? obj) => Equals(obj as FeatureSchema);
    public override int GetHashCode() => _features.Length == 0 ? 0 : HashCode.Combine(_features.Length, _features[0]);
}
