using System.Collections.Immutable;

namespace MisuseLab.Learning.Data;

public enum FeatureKind { Numeric, Categorical }

/// <summary>
/// One input feature. A categorical feature's values are stored as the index of its category in
/// <see cref="Categories"/> (as a double); a missing value of either kind is <see cref="double.NaN"/>.
/// </summary>
public sealed record FeatureSpec
{
    public FeatureSpec(string name, FeatureKind kind, IEnumerable<string>? categories = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        Categories = categories?.ToImmutableArray() ?? [];
        if (kind == FeatureKind.Numeric && Categories.Length > 0)
            throw new ArgumentException($"Numeric feature '{name}' was given {Categories.Length} categories; categories belong to categorical features only.", nameof(categories));
        if (Categories.Distinct(StringComparer.Ordinal).Count() != Categories.Length)
            throw new ArgumentException($"Categorical feature '{name}' lists a category twice; category names must be unique.", nameof(categories));
    }

    public string Name { get; }
    public FeatureKind Kind { get; }
    public ImmutableArray<string> Categories { get; }

    public bool IsCategorical => Kind == FeatureKind.Categorical;

    public static FeatureSpec Numeric(string name) => new(name, FeatureKind.Numeric);
    public static FeatureSpec Categorical(string name, IEnumerable<string> categories) => new(name, FeatureKind.Categorical, categories);

    public bool Equals(FeatureSpec? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Categories.SequenceEqual(other.Categories);

    public override int GetHashCode() => HashCode.Combine(Name, Kind, Categories.Length);
}
