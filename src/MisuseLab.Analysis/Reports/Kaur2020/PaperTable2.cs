namespace MisuseLab.Analysis.Reports.Kaur2020;

/// <summary>One published figure of a cell: mean ± SD of a rating, or a count out of the cell's n.</summary>
public sealed record PaperValue(double? Mean, double? Sd, int? Count, int N)
{
    public override string ToString() => Count is { } c
        ? $"{c}/{N}"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Mean:0.0}±{Sd:0.0}");
}

/// <summary>A row of Table 2: the outcome and its four cells, in the paper's order GN, GM, SN, SM.</summary>
public sealed record PaperRow(string Outcome, string Label, PaperValue Gn, PaperValue Gm, PaperValue Sn, PaperValue Sm)
{
    public IReadOnlyList<PaperValue> Cells => [Gn, Gm, Sn, Sm];
}

/// <summary>
/// Kaur, Nori, Jenkins, Caruana, Wallach, Wortman Vaughan (2020), "Interpreting Interpretability: Understanding Data
/// Scientists' Use of Interpretability Tools for Machine Learning", CHI 2020, Table 2 (mean ± SD per condition;
/// GN = GAM normal, GM = GAM manipulated, SN = SHAP normal, SM = SHAP manipulated; n = 49, 51, 51, 46). Transcribed
/// from the authors' PDF (github.com/harmanpk/harmanpk.github.io, Papers/CHI2020_Interpretability.pdf) as quoted in
/// MisuseLab issue 20. The one place these numbers live: reports print them beside this study's own figures.
/// The ratings are per-participant averages over the four blocks (the paper's SDs of 0.6–1.1 on a 1–7 scale are
/// those of averages, not of single ratings), and cognitive load is NASA-TLX on the same 1–7 range.
/// </summary>
public static class PaperTable2
{
    public const string Source = "Kaur et al., CHI 2020, Table 2 (authors' PDF: harmanpk/harmanpk.github.io, Papers/CHI2020_Interpretability.pdf)";

    public const int NGn = 49, NGm = 51, NSn = 51, NSm = 46;

    /// <summary>The main effect of normal vs manipulated on "model reasonable" the paper reports: F(1, 101) = 25.05.</summary>
    public const double ModelReasonableF = 25.05;
    public const int ModelReasonableDfResidual = 101;

    public const string Accuracy = "accuracy";
    public const string Confidence = "confidence";
    public const string ExplanationsReasonable = "explanations-reasonable";
    public const string ModelReasonable = "model-reasonable";
    public const string CognitiveLoad = "cognitive-load";
    public const string Deploy = "deploy";
    public const string SuspiciousDataModel = "suspicious-data-model";
    public const string SuspiciousTool = "suspicious-tool";

    private static PaperRow Ms(string outcome, string label, params double[] v) => new(outcome, label,
        new(v[0], v[1], null, NGn), new(v[2], v[3], null, NGm), new(v[4], v[5], null, NSn), new(v[6], v[7], null, NSm));

    private static PaperRow Counts(string outcome, string label, int gn, int gm, int sn, int sm) => new(outcome, label,
        new(null, null, gn, NGn), new(null, null, gm, NGm), new(null, null, sn, NSn), new(null, null, sm, NSm));

    public static IReadOnlyList<PaperRow> Rows { get; } =
    [
        Ms(Accuracy, "Accuracy (%)", 78.1, 25.1, 74.0, 28.4, 58.8, 24.7, 54.4, 28.2),
        Ms(Confidence, "Confidence in understanding (1–7)", 5.7, 0.6, 5.3, 1.1, 4.4, 0.8, 4.1, 0.9),
        Ms(ExplanationsReasonable, "Explanations reasonable (1–7)", 5.3, 0.6, 5.3, 1.1, 5.1, 0.8, 5.1, 1.0),
        Ms(ModelReasonable, "Model reasonable (1–7)", 4.8, 0.9, 3.8, 0.9, 5.0, 1.1, 4.4, 1.1),
        Ms(CognitiveLoad, "Cognitive load (NASA-TLX, 1–7)", 3.8, 0.9, 4.2, 1.0, 4.9, 0.8, 5.0, 0.9),
        Ms(Deploy, "Ready to deploy (1–7)", 4.9, 1.6, 4.8, 1.6, 5.3, 1.6, 5.0, 1.5),
        Counts(SuspiciousDataModel, "Suspicious of data or model", 9, 5, 7, 3),
        Counts(SuspiciousTool, "Suspicious of the tool", 1, 0, 2, 1),
    ];

    public static PaperRow Row(string outcome) => Rows.FirstOrDefault(r => r.Outcome == outcome)
        ?? throw new ArgumentException($"Expected one of Table 2's outcomes ({string.Join(", ", Rows.Select(r => r.Outcome))}); found '{outcome}'.", nameof(outcome));
}
