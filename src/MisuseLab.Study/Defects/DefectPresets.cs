namespace MisuseLab.Study.Defects;

/// <summary>Named defect lists. A study file may name a preset or list its own defects in the same format.</summary>
public static class DefectPresets
{
    public const string Kaur2020Name = "kaur2020";

    /// <summary>
    /// The defects of Kaur et al. (CHI 2020) on UCI Adult. Only mean-imputed age (10%, age := 38) is stated by the
    /// issue; the other rates are MisuseLab's choices, small enough to leave accuracy near the clean model's and
    /// large enough to show in explanations. Each defect owns its column, so no cell is changed twice, and
    /// duplicate rows come last so the copies carry every earlier change (label noise included).
    /// </summary>
    public static IReadOnlyList<DefectSpec> Kaur2020 { get; } =
    [
        Spec(0, new MeanImputedAgeParameters(Column: "age", Rate: 0.1, Value: 38)),
        Spec(1, new MissingValuesParameters(Column: "hours-per-week", Rate: 0.05, Mechanism: MissingValuesParameters.Mcar, Imputation: MissingValuesParameters.Median)),
        Spec(2, new LabelNoiseParameters(Rate: 0.02)),
        Spec(3, new RedundantFeatureParameters(Source: "capital-gain", NewColumn: "capital-gain-thousands", Scale: 0.001, Offset: 0)),
        Spec(4, new AdHocBinningParameters(column: "education-num", cuts: [9, 11, 13])),
        Spec(5, new DataDriftParameters(Column: "age", Rate: 0.2, Shift: 5)),
        Spec(6, new DuplicateRowsParameters(Rate: 0.05)),
    ];

    public static IReadOnlyCollection<string> Names { get; } = [Kaur2020Name];

    public static IReadOnlyList<DefectSpec> Get(string name) => name switch
    {
        Kaur2020Name => Kaur2020,
        _ => throw new DefectSpecException("preset", $"expected a defect preset, one of: {string.Join(", ", Names)}; found '{name}'."),
    };

    private static DefectSpec Spec(int index, DefectParameters parameters) => new(parameters, $"{Kaur2020Name}[{index}]");
}
