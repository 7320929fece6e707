using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// The invariants a condition can keep or break, each a checkable relation between the payload a condition
/// received ("input") and the one it returned ("shown"). A relation about a kind the input is not (e.g. a local
/// invariant on a global input) holds vacuously. Equality of numbers is bitwise.
/// </summary>
public static class Invariants
{
    /// <summary>The shown payload has the input's kind (global stays global, …).</summary>
    public const string Kind = "kind";
    /// <summary>Global: the multiset of (importance, low, high) and the set of features are the input's.</summary>
    public const string GlobalImportances = "global-importances";
    /// <summary>Global: every feature shows its own importance and interval.</summary>
    public const string GlobalOrder = "global-order";
    /// <summary>Local: row, explainer, base, output, probability, label and every shown feature value are the input's.</summary>
    public const string LocalOutput = "local-output";
    /// <summary>Local: base, output and Σ contributions are bit-identical to the input's, so the shown contributions add up exactly as well as the real ones.</summary>
    public const string LocalAdditivity = "local-additivity";
    /// <summary>Local: every feature shows its own contribution.</summary>
    public const string LocalContributions = "local-contributions";
    /// <summary>Effect: feature, explainer, x and density are the input's.</summary>
    public const string EffectGrid = "effect-grid";
    /// <summary>Effect: y and band are the input's.</summary>
    public const string EffectShape = "effect-shape";
    /// <summary>Effect: no step y[i+1] − y[i] goes against the input's (the curve never falls where the real one rises or rises where it falls; a step may flatten, as when an effect is scaled towards a feature of importance 0).</summary>
    public const string EffectDirection = "effect-direction";
    /// <summary>The shown payload is computed from the trained model (not a randomized one); a property of the condition's <see cref="PayloadSource"/>.</summary>
    public const string TrainedModel = "trained-model";
    /// <summary>
    /// Stimulus set (checked by <see cref="StimulusSetChecks"/>, not per payload): where the explainer's global view is
    /// mean |local|, each shown global importance equals the mean |shown local contribution| of that feature over the
    /// global sample's rows (1e-9), so averaging the local views a participant sees cannot contradict the global view.
    /// </summary>
    public const string GlobalIsMeanAbsoluteLocal = "global-is-mean-absolute-local";

    /// <summary>Invariants that relate a cell's payloads to each other; <see cref="Holds"/> does not check them.</summary>
    public static readonly IReadOnlyList<string> SetLevel = [GlobalIsMeanAbsoluteLocal];

    public static readonly IReadOnlyList<string> All =
        [Kind, GlobalImportances, GlobalOrder, LocalOutput, LocalAdditivity, LocalContributions, EffectGrid, EffectShape, EffectDirection, TrainedModel, GlobalIsMeanAbsoluteLocal];

    /// <summary>Whether <paramref name="invariant"/> holds between <paramref name="input"/> and <paramref name="shown"/> under <paramref name="condition"/>.</summary>
    public static bool Holds(string invariant, IManipulation condition, ExplanationPayload input, ExplanationPayload shown)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(shown);
        return invariant switch
        {
            Kind => input.Kind == shown.Kind,
            GlobalImportances => input is not GlobalPayload g || (shown is GlobalPayload s && SameImportanceMultiset(g, s)),
            GlobalOrder => input is not GlobalPayload g2 || (shown is GlobalPayload s2 && SameGlobal(g2, s2)),
            LocalOutput => input is not LocalPayload l || (shown is LocalPayload t && SameOutput(l, t)),
            LocalAdditivity => input is not LocalPayload l2 || (shown is LocalPayload t2 && Same(l2.Base, t2.Base) && Same(l2.Output, t2.Output) && Same(l2.ContributionSum, t2.ContributionSum)),
            LocalContributions => input is not LocalPayload l3 || (shown is LocalPayload t3 && SameContributions(l3, t3)),
            EffectGrid => input is not EffectPayload e || (shown is EffectPayload f && SameGrid(e, f)),
            EffectShape => input is not EffectPayload e2 || (shown is EffectPayload f2 && SameArrays(e2.Y, f2.Y) && SameArrays(e2.BandLow, f2.BandLow) && SameArrays(e2.BandHigh, f2.BandHigh)),
            EffectDirection => input is not EffectPayload e3 || (shown is EffectPayload f3 && SameDirection(e3, f3)),
            TrainedModel => condition.Source is PayloadSource.RealModel or PayloadSource.Examples,
            GlobalIsMeanAbsoluteLocal => throw new ArgumentException($"'{invariant}' relates a cell's payloads to each other; StimulusSetChecks checks it on the whole stimulus set.", nameof(invariant)),
            _ => throw new ArgumentException($"Expected an invariant from Invariants.All ({string.Join(", ", All)}); found '{invariant}'.", nameof(invariant)),
        };
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static bool SameArrays(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++) if (!Same(a[i], b[i])) return false;
        return true;
    }

    private static bool SameImportanceMultiset(GlobalPayload a, GlobalPayload b)
    {
        if (a.Explainer != b.Explainer || a.Features.Length != b.Features.Length) return false;
        if (!a.Features.Select(f => f.Name).Order(StringComparer.Ordinal).SequenceEqual(b.Features.Select(f => f.Name).Order(StringComparer.Ordinal))) return false;
        static string Key(FeatureImportance f) => $"{BitConverter.DoubleToInt64Bits(f.Importance)}/{BitConverter.DoubleToInt64Bits(f.Low)}/{BitConverter.DoubleToInt64Bits(f.High)}";
        return a.Features.Select(Key).Order(StringComparer.Ordinal).SequenceEqual(b.Features.Select(Key).Order(StringComparer.Ordinal));
    }

    private static bool SameGlobal(GlobalPayload a, GlobalPayload b)
    {
        if (a.Explainer != b.Explainer || a.Features.Length != b.Features.Length) return false;
        foreach (var f in a.Features)
        {
            var g = b.Find(f.Name);
            if (g is null || !Same(f.Importance, g.Importance) || !Same(f.Low, g.Low) || !Same(f.High, g.High)) return false;
        }
        return true;
    }

    private static bool SameOutput(LocalPayload a, LocalPayload b)
    {
        if (a.Explainer != b.Explainer || a.Row != b.Row || a.Label != b.Label || !Same(a.Base, b.Base) || !Same(a.Output, b.Output) || !Same(a.Probability, b.Probability)) return false;
        if (a.Contributions.Length != b.Contributions.Length) return false;
        foreach (var c in a.Contributions)
        {
            var d = b.Find(c.Name);
            if (d is null || d.Value != c.Value) return false;
        }
        return true;
    }

    private static bool SameContributions(LocalPayload a, LocalPayload b)
    {
        if (a.Contributions.Length != b.Contributions.Length) return false;
        foreach (var c in a.Contributions)
        {
            var d = b.Find(c.Name);
            if (d is null || !Same(c.Contribution, d.Contribution)) return false;
        }
        return true;
    }

    private static bool SameGrid(EffectPayload a, EffectPayload b) =>
        a.Feature == b.Feature && a.Explainer == b.Explainer && a.X.Kind == b.X.Kind
        && SameArrays(a.X.Numbers, b.X.Numbers) && a.X.Labels.SequenceEqual(b.X.Labels, StringComparer.Ordinal)
        && SameArrays(a.Density, b.Density);

    private static bool SameDirection(EffectPayload a, EffectPayload b)
    {
        if (a.Y.Length != b.Y.Length) return false;
        for (var i = 1; i < a.Y.Length; i++)
        {
            var real = Math.Sign(a.Y[i] - a.Y[i - 1]);
            var shown = Math.Sign(b.Y[i] - b.Y[i - 1]);
            if (shown != 0 && shown != real) return false;
        }
        return true;
    }
}
