using System.Globalization;

namespace MisuseLab.Web.Areas.Analyst.Services;

/// <summary>Number formats of the analyst pages (invariant culture; "–" for undefined statistics).</summary>
public static class Fmt
{
    public static string N(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    /// <summary>Four significant digits: sums of squares and means of AUC gains are thousandths or less, which N would show as 0.000.</summary>
    public static string G(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "–";

    public static string P(double value) => !double.IsFinite(value) ? "–" : value < 0.001 ? "<0.001" : value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Ci(double lower, double upper) => double.IsFinite(lower) && double.IsFinite(upper) ? $"[{N(lower)}, {N(upper)}]" : "–";
}
