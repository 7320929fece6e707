namespace MisuseLab.Study.Defects;

/// <summary>Named defect lists. A study file may name a preset or list its own defects in the same format.</summary>
public static class DefectPresets
{
    public const string Kaur2020Name = "kaur2020";

    /// <summary>
    /// The data issues of Kaur et al. (CHI 2020), Table 1, as <c>studies/kaur2020.json</c> lists them (a test holds the
    /// two equal): age set to 38 for 10% of the training rows with income &gt;50K ("causing predictions to spike at
    /// 38"); WorkClass with duplicate labels for one category (Federal-gov split into three spellings, equal shares);
    /// HoursPerWeek binned 0–30, 30–60, 60–90, 90+. Their fourth issue, Education beside EducationNum, is the
    /// redundant pair UCI Adult already holds, so it needs no injection. No drift, label noise or missingness was
    /// injected in the paper; those defects stay available to other studies.
    /// </summary>
    public static IReadOnlyList<DefectSpec> Kaur2020 { get; } =
    [
        Spec(0, new MeanImputedAgeParameters(Column: "age", Rate: 0.1, Value: 38, When: new RowCondition(ManifestValue.LabelAbove))),
        Spec(1, new RelabelledCategoryParameters(column: "workclass", category: "Federal-gov", labels: ["Federal-gov", "Federal-employee", "Federal-worker"])),
        Spec(2, new AdHocBinningParameters(column: "hours-per-week", cuts: [30, 60, 90])),
    ];

    public static IReadOnlyCollection<string> Names { get; } = [Kaur2020Name];

    public static IReadOnlyList<DefectSpec> Get(string name) => name switch
    {
        Kaur2020Name => Kaur2020,
        _ => throw new DefectSpecException("preset", $"expected a defect preset, one of: {string.Join(", ", Names)}; found '{name}'."),
    };

    private static DefectSpec Spec(int index, DefectParameters parameters) => new(parameters, $"{Kaur2020Name}[{index}]");
}
