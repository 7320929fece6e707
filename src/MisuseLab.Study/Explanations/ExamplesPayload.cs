using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>A feature value as shown to a participant.</summary>
public sealed record ShownValue
{
    public ShownValue(string name, string value)
    {
        Name = PayloadChecks.Name(name, nameof(name));
        Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    [JsonPropertyName("name")] public string Name { get; }
    [JsonPropertyName("value")] public string Value { get; }

}

/// <summary>A real row: its index in its split, its true label (income &gt;50K), the model's probability, and its shown feature values in schema order.</summary>
public sealed record ExampleRow
{
    public ExampleRow(int row, bool label, double probability, IEnumerable<ShownValue> values)
    {
        if (row < 0) throw new ArgumentOutOfRangeException(nameof(row), row, "Expected a row index ≥ 0.");
        Row = row;
        Label = label;
        Probability = PayloadChecks.Finite(probability, nameof(probability));
        if (probability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probability), probability, "Expected a probability in [0, 1].");
        ArgumentNullException.ThrowIfNull(values);
        Values = values.ToImmutableArray();
        PayloadChecks.UniqueNames(Values.Select(v => v.Name), nameof(values));
    }

    /// <summary>Reads a stored row through the checking constructor.</summary>
    [JsonConstructor]
    internal ExampleRow(int row, bool label, double probability, ImmutableArray<ShownValue> values) : this(row, label, probability, values.AsEnumerable()) { }

    [JsonPropertyName("row")] public int Row { get; }
    [JsonPropertyName("label")] public bool Label { get; }
    [JsonPropertyName("probability")] public double Probability { get; }
    [JsonPropertyName("values")] public ImmutableArray<ShownValue> Values { get; }
}

/// <summary>
/// The example-based baseline: the instance (when the page has one), its nearest k training rows, and the
/// training rows with the highest and lowest predicted probability. Lists keep the builder's order (nearest
/// first; top by probability descending; bottom ascending). Training rows are real (the same defects the
/// participant's data has), with labels and model outputs.
/// </summary>
public sealed record ExamplesPayload : ExplanationPayload
{
    public ExamplesPayload(ExampleRow? instance, IEnumerable<ExampleRow> nearest, IEnumerable<ExampleRow> top, IEnumerable<ExampleRow> bottom)
    {
        Instance = instance;
        Nearest = (nearest ?? throw new ArgumentNullException(nameof(nearest))).ToImmutableArray();
        Top = (top ?? throw new ArgumentNullException(nameof(top))).ToImmutableArray();
        Bottom = (bottom ?? throw new ArgumentNullException(nameof(bottom))).ToImmutableArray();
        var names = (instance is null ? Nearest.Concat(Top).Concat(Bottom) : Nearest.Concat(Top).Concat(Bottom).Prepend(instance))
            .Select(r => string.Join('\u0001', r.Values.Select(v => v.Name))).Distinct().Count();
        if (names > 1) throw new ArgumentException("Expected every row to list the same features in the same order.", nameof(nearest));
        CheckOrdered(Top, descending: true, nameof(top));
        CheckOrdered(Bottom, descending: false, nameof(bottom));
    }

    /// <summary>Reads a stored payload through the checking constructor.</summary>
    [JsonConstructor]
    internal ExamplesPayload(ExampleRow? instance, ImmutableArray<ExampleRow> nearest, ImmutableArray<ExampleRow> top, ImmutableArray<ExampleRow> bottom)
        : this(instance, nearest.AsEnumerable(), top.AsEnumerable(), bottom.AsEnumerable()) { }

    [JsonIgnore] public override string Kind => "examples";
    [JsonPropertyName("instance")] public ExampleRow? Instance { get; }
    [JsonPropertyName("nearest")] public ImmutableArray<ExampleRow> Nearest { get; }
    [JsonPropertyName("top")] public ImmutableArray<ExampleRow> Top { get; }
    [JsonPropertyName("bottom")] public ImmutableArray<ExampleRow> Bottom { get; }

    private static void CheckOrdered(ImmutableArray<ExampleRow> rows, bool descending, string paramName)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            var ok = descending ? rows[i - 1].Probability >= rows[i].Probability : rows[i - 1].Probability <= rows[i].Probability;
            if (!ok)
                throw new ArgumentException($"Expected rows by probability {(descending ? "descending" : "ascending")}; row {i - 1} has {rows[i - 1].Probability:R}, row {i} has {rows[i].Probability:R}.", paramName);
        }
    }
}
