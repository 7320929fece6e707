using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MisuseLab.Study.Explanations;

/// <summary>Whether an effect's x axis holds numbers or category labels; written as "x_kind".</summary>
public enum EffectAxisKind { Numeric, Categorical }

/// <summary>
/// The x axis of an effect: strictly increasing numbers for a numeric feature (written as JSON numbers), or
/// category labels for a categorical one (written as JSON strings). One type so that a payload can never carry
/// both or neither.
/// </summary>
[JsonConverter(typeof(EffectAxisJsonConverter))]
public sealed record EffectAxis
{
    private EffectAxis(EffectAxisKind kind, ImmutableArray<double> numbers, ImmutableArray<string> labels)
    {
        Kind = kind;
        Numbers = numbers;
        Labels = labels;
    }

    public EffectAxisKind Kind { get; }

    /// <summary>The x values of a numeric axis; empty for a categorical axis.</summary>
    public ImmutableArray<double> Numbers { get; }

    /// <summary>The category labels of a categorical axis; empty for a numeric axis.</summary>
    public ImmutableArray<string> Labels { get; }

    public int Count => Kind == EffectAxisKind.Numeric ? Numbers.Length : Labels.Length;

    public static EffectAxis Numeric(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var x = values.ToImmutableArray();
        for (var i = 0; i < x.Length; i++)
        {
            PayloadChecks.Finite(x[i], nameof(values));
            if (i > 0 && !(x[i - 1] < x[i]))
                throw new ArgumentException($"Expected strictly increasing x values; x[{i - 1}] = {x[i - 1]:R} is not below x[{i}] = {x[i]:R}.", nameof(values));
        }
        return new EffectAxis(EffectAxisKind.Numeric, x, []);
    }

    public static EffectAxis Categorical(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var x = labels.ToImmutableArray();
        foreach (var label in x) ArgumentNullException.ThrowIfNull(label, nameof(labels));
        if (x.Distinct(StringComparer.Ordinal).Count() != x.Length)
            throw new ArgumentException("Expected distinct category labels.", nameof(labels));
        return new EffectAxis(EffectAxisKind.Categorical, [], x);
    }

    public string KindName => Kind == EffectAxisKind.Numeric ? "numeric" : "categorical";
}

/// <summary>
/// The effect of one feature on the model output: an EBM shape function ("terms") or a SHAP dependence summary
/// ("treeshap"). Point i is (x[i], y[i]) with band low[i] ≤ y[i] ≤ high[i] and density[i] ≥ 0 — the weight of
/// training rows at that x (a count or a fraction; the builder documents which). A step-shaped EBM term uses the
/// bin's lower edge as x. JSON: {"kind":"effect","explainer":…,"feature":…,"measure":{"name":…,"unit":…},"x_kind":"numeric|categorical",
/// "x":[numbers or strings],"y":[…],"band":{"low":[…],"high":[…]},"density":[…]}.
/// </summary>
public sealed record EffectPayload : ExplanationPayload
{
    public EffectPayload(string explainer, string feature, Measure measure, EffectAxis x, IEnumerable<double> y, IEnumerable<double> bandLow, IEnumerable<double> bandHigh, IEnumerable<double> density)
    {
        Explainer = ExplainerKinds.Check(explainer, nameof(explainer));
        Feature = PayloadChecks.Name(feature, nameof(feature));
        Measure = measure ?? throw new ArgumentNullException(nameof(measure));
        X = x ?? throw new ArgumentNullException(nameof(x));
        Y = Checked(y, x.Count, nameof(y));
        BandLow = Checked(bandLow, x.Count, nameof(bandLow));
        BandHigh = Checked(bandHigh, x.Count, nameof(bandHigh));
        Density = Checked(density, x.Count, nameof(density));
        if (x.Count == 0) throw new ArgumentException("Expected at least one point.", nameof(x));
        for (var i = 0; i < Y.Length; i++)
        {
            if (!(BandLow[i] <= Y[i] && Y[i] <= BandHigh[i]))
                throw new ArgumentException($"Point {i}: expected band low ≤ y ≤ high; found {BandLow[i]:R} ≤ {Y[i]:R} ≤ {BandHigh[i]:R}.", nameof(y));
            if (Density[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(density), Density[i], $"Point {i}: expected density ≥ 0.");
        }
    }

    /// <summary>
    /// Reads a stored payload: "x_kind" must agree with what the "x" array holds (numbers or strings), then the
    /// public constructor checks the points.
    /// </summary>
    [JsonConstructor]
    internal EffectPayload(string explainer, string feature, Measure measure, string xKind, EffectAxis x, ImmutableArray<double> y, EffectBand band, ImmutableArray<double> density)
        : this(explainer, feature, measure, AgreeingAxis(xKind, x), y, band.Low, band.High, density) { }

    [JsonIgnore] public override string Kind => "effect";
    [JsonPropertyName("explainer")] public string Explainer { get; }
    [JsonPropertyName("feature")] public string Feature { get; }

    /// <summary>What y (and the band) measures, and its unit.</summary>
    [JsonPropertyName("measure")] public Measure Measure { get; }

    /// <summary>"numeric" or "categorical", written before "x" so a reader knows what the array holds.</summary>
    [JsonPropertyName("x_kind")] public string XKind => X.KindName;

    [JsonPropertyName("x")] public EffectAxis X { get; }
    [JsonPropertyName("y")] public ImmutableArray<double> Y { get; }

    /// <summary>The band as written: {"low":[…],"high":[…]}.</summary>
    [JsonPropertyName("band")] public EffectBand Band => new(BandLow, BandHigh);

    [JsonPropertyName("density")] public ImmutableArray<double> Density { get; }
    [JsonIgnore] public ImmutableArray<double> BandLow { get; }
    [JsonIgnore] public ImmutableArray<double> BandHigh { get; }

    private static EffectAxis AgreeingAxis(string xKind, EffectAxis x)
    {
        if (xKind is not ("numeric" or "categorical"))
            throw new ArgumentException($"Expected x_kind numeric or categorical; found '{xKind}'.", nameof(xKind));
        // An empty array reads as numeric; the payload then fails on "at least one point", the real problem.
        if (x.Count > 0 && x.KindName != xKind)
            throw new ArgumentException($"Expected x to hold {(xKind == "numeric" ? "numbers" : "strings")} as x_kind '{xKind}' says; it holds {(x.Kind == EffectAxisKind.Numeric ? "numbers" : "strings")}.", nameof(x));
        return x;
    }

    private static ImmutableArray<double> Checked(IEnumerable<double> values, int expected, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var array = values.ToImmutableArray();
        if (array.Length != expected)
            throw new ArgumentException($"Expected {expected} values (one per x); found {array.Length}.", paramName);
        foreach (var v in array) PayloadChecks.Finite(v, paramName);
        return array;
    }
}

/// <summary>An effect's band as written in its JSON: low[i] ≤ y[i] ≤ high[i].</summary>
public sealed record EffectBand(
    [property: JsonPropertyName("low")] ImmutableArray<double> Low,
    [property: JsonPropertyName("high")] ImmutableArray<double> High);
