using System.Globalization;
using MisuseLab.Learning.Data;

namespace MisuseLab.Learning.Tests.Interop;

/// <summary>The committed XGBoost fixture (see Fixtures/xgboost/generate.py), found from the repository root.</summary>
internal static class XGBoostFixture
{
    public static string Directory { get; } = Locate();

    public static string ModelPath => Path.Combine(Directory, "model.json");

    public static double[][] Read(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, file));
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())];
    }

    public static string[] Header(string file) => File.ReadLines(Path.Combine(Directory, file)).First().Split(',');

    public static Frame Rows(FeatureSchema schema)
    {
        var rows = Read("rows.csv");
        var columns = Enumerable.Range(0, schema.Count).Select(j => rows.Select(r => r[j]).ToArray()).ToArray();
        return new Frame(schema, columns);
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MisuseLab.sln")))
                return Path.Combine(dir.FullName, "tests", "MisuseLab.Learning.Tests", "Fixtures", "xgboost");
        }
        throw new InvalidOperationException($"No MisuseLab.sln above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
