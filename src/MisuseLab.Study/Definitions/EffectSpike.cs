using System.Globalization;
using MisuseLab.Study.Explanations;

namespace MisuseLab.Study.Definitions;

/// <summary>
/// Which offered point of a shown effect curve is an "unusual spike" (or dip), by a rule a participant's eye follows:
/// point i stands out when it is a strict local extremum — above both neighbours or below both — and its prominence
/// is min(|y[i] − y[i−1]|, |y[i] − y[i+1]|). It counts as a spike when the prominence is at least
/// <see cref="MinRelativeProminence"/> of the curve's range (max y − min y); the measure is scale-free, so a curve
/// rescaled by a manipulation keys the same answer. A step (25 → 26 in a rising curve) is not a spike.
/// </summary>
public static class EffectSpike
{
    /// <summary>
    /// 3% of the range. Measured on kaur2020 (1.1.0): the EBM's age curve dips at 38 by 5.9% of its range (next offered
    /// age: 0.5%); the GBDT's SHAP age curve shows no offered age above 0.5%, so the SHAP cells are keyed "I see no spike".
    /// </summary>
    public const double MinRelativeProminence = 0.03;

    /// <summary>
    /// The numeric option with the most prominent spike, when it is one; else the one non-numeric option (such as
    /// "I see no spike"); null when neither exists (the question cannot be keyed for this curve).
    /// </summary>
    public static string? Key(EffectPayload effect, IReadOnlyList<string> options)
    {
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentNullException.ThrowIfNull(options);
        var range = effect.Y.Length == 0 ? 0 : effect.Y.Max() - effect.Y.Min();
        string? best = null;
        var bestProminence = 0.0;
        foreach (var option in options)
        {
            if (Number(option) is not { } x || effect.X.Kind != EffectAxisKind.Numeric) continue;
            var p = Prominence(effect.Y, effect.X.Numbers.IndexOf(x));
            if (p > bestProminence) (best, bestProminence) = (option, p);
        }
        if (best is not null && range > 0 && bestProminence >= MinRelativeProminence * range) return best;
        var other = options.Where(o => Number(o) is null).ToList();
        return other.Count == 1 ? other[0] : null;
    }

    /// <summary>Prominence of point <paramref name="i"/> as a strict local extremum; 0 when it is not one, is an end point, or is off the curve (−1).</summary>
    public static double Prominence(IReadOnlyList<double> y, int i)
    {
        if (i <= 0 || i >= y.Count - 1) return 0;
        double left = y[i] - y[i - 1], right = y[i] - y[i + 1];
        return Math.Sign(left) != 0 && Math.Sign(left) == Math.Sign(right) ? Math.Min(Math.Abs(left), Math.Abs(right)) : 0;
    }

    internal static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
