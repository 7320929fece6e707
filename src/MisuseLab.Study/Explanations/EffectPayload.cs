using System.Collections.Immutable;
using System.Text.Json;

namespace MisuseLab.Study.Explanations;

/// <summary>Whether an effect's x axis holds numbers or category labels; written as "x_kind".</summary>
public enum EffectAxisKind { Numeric, Categorical }

/// <summary>
/// The x axis of an effect: strictly increasing numbers for a numeric feature (written as JSON numbers), or
/// category labels for a categorical one (written as JSON strings). One type so that a payload can never carry
/// both or neither.
/// </summary>
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
/// bin's lower edge as x. JSON: {"kind":"effect","explainer":…,"feature":…,"x_kind":"numeric|categorical",
/// "x":[numbers or strings],"y":[…],"band":{"low":[…],"high":[…]},"density":[…]}.
/// </summary>
public sealed record EffectPayload : ExplanationPayload
{
    public EffectPayload(string explainer, string feature, EffectAxis x, IEnumerable<double> y, IEnumerable<double> bandLow, IEnumerable<double> bandHigh, IEnumerable<double> density)
    {
        Explainer = ExplainerKinds.Check(explainer, nameof(explainer));
        Feature = PayloadChecks.Name(feature, nameof(feature));
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

    public override string Kind => "effect";
    public string Explainer { get; }
    public string Feature { get; }
    public EffectAxis X { get; }
    public ImmutableArray<double> Y { get; }
    public ImmutableArray<double> BandLow { get; }
    public ImmutableArray<double> BandHigh { get; }
    public ImmutableArray<double> Density { get; }

    private static ImmutableArray<double> Checked(IEnumerable<double> values, int expected, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var array = values.ToImmutableArray();
        if (array.Length != expected)
            throw new ArgumentException($"Expected {expected} values (one per x); found {array.Length}.", paramName);
        foreach (var v in array) PayloadChecks.Finite(v, paramName);
        return array;
    }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteString("explainer", Explainer);
        writer.WriteString("feature", Feature);
        writer.WriteString("x_kind", X.KindName);
        if (X.Kind == EffectAxisKind.Numeric) CanonicalJson.WriteNumberArray(writer, "x", X.Numbers);
        else CanonicalJson.WriteStringArray(writer, "x", X.Labels);
        CanonicalJson.WriteNumberArray(writer, "y", Y);
        writer.WriteStartObject("band");
        CanonicalJson.WriteNumberArray(writer, "low", BandLow);
        CanonicalJson.WriteNumberArray(writer, "high", BandHigh);
        writer.WriteEndObject();
        CanonicalJson.WriteNumberArray(writer, "density", Density);
        writer.WriteEndObject();
    }
}
