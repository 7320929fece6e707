using MisuseLab.Learning.Data;
using MisuseLab.Study.Defects;

namespace MisuseLab.Study.Tests.Defects;

/// <summary>Small hand-made data for checking each defect's semantics exactly.</summary>
public static class DefectTestData
{
    public static readonly FeatureSchema Schema = new(
    [
        FeatureSpec.Numeric("age"),
        FeatureSpec.Categorical("workclass", ["Private", "State-gov", "Self-emp"]),
        FeatureSpec.Numeric("hours-per-week"),
    ]);

    /// <summary>20 training rows and 10 test rows; row r has age 20 + r, workclass r mod 3, hours 30 + r (row 4's hours missing).</summary>
    public static DefectData Small()
    {
        return new DefectData(Frame(20, 0), Labels(20), Frame(10, 100), Labels(10));

        static Frame Frame(int rows, int offset)
        {
            var age = new double[rows];
            var workclass = new double[rows];
            var hours = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                age[r] = 20 + r + offset;
                workclass[r] = r % 3;
                hours[r] = r == 4 ? double.NaN : 30 + r;
            }
            return new Frame(Schema, [age, workclass, hours]);
        }

        static bool[] Labels(int rows) => Enumerable.Range(0, rows).Select(r => r % 4 == 0).ToArray();
    }

    public static DefectResult Apply(DefectParameters parameters, DefectData data, int seed = 7) =>
        parameters.CreateDefect("$.defects[0]").Apply(data, new Random(seed));
}
