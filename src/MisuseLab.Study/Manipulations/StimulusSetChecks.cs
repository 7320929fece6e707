using MisuseLab.Learning.Explainers;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Manipulations;

/// <summary>
/// How strongly a manipulation changed one cell's stimulus set, measured when it is built. <see cref="GlobalTau"/>:
/// Kendall τ-b between the real and the shown global importance over the used features (importance &gt; 0; null
/// when the cell shows no global view or fewer than two features are used). <see cref="Broken"/>: each invariant
/// the condition declares it breaks that at least one payload of the set broke. <see cref="GlobalLocalGap"/>: the
/// largest |shown global importance − mean |shown local|| over the global sample, when checked.
/// </summary>
public sealed record ManipulationStrength(string Cell, string Manipulation, double? GlobalTau, int UsedFeatures,
    IReadOnlyList<string> Broken, double? GlobalLocalGap);

/// <summary>The real local explanations of the rows the explainer's global view averages (mean |local|), in sample order.</summary>
public sealed record GlobalSample(IReadOnlyList<LocalPayload> RealLocals);

/// <summary>
/// Checks a condition on a cell's whole stimulus set, where <see cref="ManipulationRunner.ApplyChecked"/> checks one
/// payload at a time: every declared break happened (a manipulation that changed nothing must not reach
/// participants), the order strength reached <see cref="IManipulation.MaxGlobalTau"/>, and
/// <see cref="Invariants.GlobalIsMeanAbsoluteLocal"/> holds when declared. Throws <see cref="ManipulationException"/>
/// naming the cell and what was measured.
/// </summary>
public static class StimulusSetChecks
{
    /// <summary>Tolerance of <see cref="Invariants.GlobalIsMeanAbsoluteLocal"/>, relative to max(1, importance).</summary>
    public const double Tolerance = 1e-9;

    /// <param name="pairs">Every (input, shown) payload pair of the cell's pages.</param>
    /// <param name="realGlobal">The real global view of the cell's explainer, or null when the cell has none.</param>
    /// <param name="sample">The global view's rows, when the explainer's global view is mean |local|; else null.</param>
    public static ManipulationStrength Check(string cell, IManipulation condition, IReadOnlyList<(ExplanationPayload Input, ExplanationPayload Shown)> pairs,
        GlobalPayload? realGlobal, GlobalSample? sample, ManipulationContext context)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(pairs);
        var broken = new List<string>();
        foreach (var invariant in condition.Breaks.Except(Invariants.SetLevel))
        {
            var applicable = pairs.Where(p => Applies(invariant, p.Input)).ToList();
            if (applicable.Count == 0) continue; // the cell shows no view this invariant is about
            if (applicable.Any(p => !Invariants.Holds(invariant, condition, p.Input, p.Shown))) broken.Add(invariant);
            else throw new ManipulationException(
                $"Cell '{cell}': manipulation '{condition.Name}' declares it breaks '{invariant}', but none of the cell's {applicable.Count} payload(s) it applies to was changed that way. The participants of this cell would see real explanations; check the model and explainer (e.g. every feature has the same importance).");
        }

        double? tau = null;
        var used = 0;
        var shownGlobal = pairs.Select(p => p.Shown).OfType<GlobalPayload>().FirstOrDefault();
        var inputGlobal = pairs.Select(p => p.Input).OfType<GlobalPayload>().FirstOrDefault();
        if (shownGlobal is not null && inputGlobal is not null)
        {
            (tau, used) = GlobalTau(inputGlobal, shownGlobal);
            if (condition.MaxGlobalTau is { } max && !(tau <= max))
                throw new ManipulationException(
                    $"Cell '{cell}': manipulation '{condition.Name}' must reach Kendall τ ≤ {max:R} between the real and shown global order of the {used} used feature(s); measured {(tau is { } t ? t.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "nothing (fewer than two used features)")}. The manipulation is too weak to test what the study asks.");
        }

        double? gap = null;
        if (condition.Keeps.Contains(Invariants.GlobalIsMeanAbsoluteLocal) && shownGlobal is not null && sample is not null && sample.RealLocals.Count > 0)
        {
            gap = GlobalLocalGap(condition, shownGlobal, sample, context, out var worst);
            if (!(gap <= Tolerance))
                throw new ManipulationException(
                    $"Cell '{cell}': manipulation '{condition.Name}' declares '{Invariants.GlobalIsMeanAbsoluteLocal}', but feature '{worst}' shows global importance {shownGlobal.Find(worst)!.Importance:R}, which differs from the mean |shown local contribution| over the {sample.RealLocals.Count} global-sample rows by {gap:R} (relative; expected ≤ {Tolerance:R}). This is a bug in the condition; report it with the cell.");
        }
        return new ManipulationStrength(cell, condition.Name, tau, used, broken, gap);
    }

    /// <summary>τ-b between real and shown importance over the features used in the real view, and how many there are.</summary>
    public static (double? Tau, int Used) GlobalTau(GlobalPayload real, GlobalPayload shown)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(shown);
        var used = real.Features.Where(f => !FeatureMapping.IsFlat(f)).ToArray();
        if (used.Length < 2) return (null, used.Length);
        var a = used.Select(f => f.Importance).ToArray();
        var b = used.Select(f => shown.Find(f.Name)?.Importance ?? throw new ManipulationException(
            $"The shown global view lacks feature '{f.Name}' of the real one; a manipulation keeps the set of features.")).ToArray();
        var tau = RankCorrelation.KendallTauB(a, b);
        return (double.IsNaN(tau) ? null : tau, used.Length);
    }

    private static bool Applies(string invariant, ExplanationPayload input) => invariant switch
    {
        Invariants.GlobalImportances or Invariants.GlobalOrder => input is GlobalPayload,
        Invariants.LocalOutput or Invariants.LocalAdditivity or Invariants.LocalContributions => input is LocalPayload,
        Invariants.EffectGrid or Invariants.EffectShape or Invariants.EffectDirection => input is EffectPayload,
        Invariants.Kind => input is GlobalPayload or LocalPayload or EffectPayload,
        _ => true,
    };

    private static double GlobalLocalGap(IManipulation condition, GlobalPayload shownGlobal, GlobalSample sample, ManipulationContext context, out string worst)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var real in sample.RealLocals)
        {
            var shown = (LocalPayload)condition.Apply(real, context);
            foreach (var c in shown.Contributions) sums[c.Name] = sums.GetValueOrDefault(c.Name) + Math.Abs(c.Contribution);
        }
        var gap = 0.0;
        worst = shownGlobal.Features[0].Name;
        foreach (var f in shownGlobal.Features)
        {
            var mean = sums.GetValueOrDefault(f.Name) / sample.RealLocals.Count;
            var d = Math.Abs(f.Importance - mean) / Math.Max(1, Math.Abs(f.Importance));
            if (d > gap || double.IsNaN(d)) { gap = d; worst = f.Name; }
        }
        return gap;
    }
}
