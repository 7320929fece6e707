using MisuseLab.Learning.Data;

namespace MisuseLab.Study.Adult;

/// <summary>
/// The 14 features of UCI Adult in file order, with categories exactly as <c>adult.names</c> lists them
/// (so category indices are stable and documented). The label column, <see cref="LabelColumn"/>, is not a feature.
/// </summary>
public static class AdultSchema
{
    public const string LabelColumn = "income";

    /// <summary>Columns per record in adult.data / adult.test: 14 features plus the income label.</summary>
    public const int ColumnsPerRecord = 15;

    public static FeatureSchema Schema { get; } = new(
    [
        FeatureSpec.Numeric("age"),
        FeatureSpec.Categorical("workclass", ["Private", "Self-emp-not-inc", "Self-emp-inc", "Federal-gov", "Local-gov", "State-gov", "Without-pay", "Never-worked"]),
        FeatureSpec.Numeric("fnlwgt"),
        FeatureSpec.Categorical("education", ["Bachelors", "Some-college", "11th", "HS-grad", "Prof-school", "Assoc-acdm", "Assoc-voc", "9th", "7th-8th", "12th", "Masters", "1st-4th", "10th", "Doctorate", "5th-6th", "Preschool"]),
        FeatureSpec.Numeric("education-num"),
        FeatureSpec.Categorical("marital-status", ["Married-civ-spouse", "Divorced", "Never-married", "Separated", "Widowed", "Married-spouse-absent", "Married-AF-spouse"]),
        FeatureSpec.Categorical("occupation", ["Tech-support", "Craft-repair", "Other-service", "Sales", "Exec-managerial", "Prof-specialty", "Handlers-cleaners", "Machine-op-inspct", "Adm-clerical", "Farming-fishing", "Transport-moving", "Priv-house-serv", "Protective-serv", "Armed-Forces"]),
        FeatureSpec.Categorical("relationship", ["Wife", "Own-child", "Husband", "Not-in-family", "Other-relative", "Unmarried"]),
        FeatureSpec.Categorical("race", ["White", "Asian-Pac-Islander", "Amer-Indian-Eskimo", "Other", "Black"]),
        FeatureSpec.Categorical("sex", ["Female", "Male"]),
        FeatureSpec.Numeric("capital-gain"),
        FeatureSpec.Numeric("capital-loss"),
        FeatureSpec.Numeric("hours-per-week"),
        FeatureSpec.Categorical("native-country", ["United-States", "Cambodia", "England", "Puerto-Rico", "Canada", "Germany", "Outlying-US(Guam-USVI-etc)", "India", "Japan", "Greece", "South", "China", "Cuba", "Iran", "Honduras", "Philippines", "Italy", "Poland", "Jamaica", "Vietnam", "Mexico", "Portugal", "Ireland", "France", "Dominican-Republic", "Laos", "Ecuador", "Taiwan", "Haiti", "Columbia", "Hungary", "Guatemala", "Nicaragua", "Scotland", "Thailand", "Yugoslavia", "El-Salvador", "Trinadad&Tobago", "Peru", "Hong", "Holand-Netherlands"]),
    ]);
}
