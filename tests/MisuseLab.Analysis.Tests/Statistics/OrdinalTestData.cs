using System.Globalization;
using System.Text;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// Seeded ordinal data for the model tests: a latent logistic variable (effects of A, B, A:B and optional covariates)
/// cut into ratings, as a proportional-odds model assumes. Also writes the rows as the CSV the R oracle reads.
/// </summary>
internal static class OrdinalTestData
{
    public static readonly string[] LevelsA = ["real", "inverted"];
    public static readonly string[] LevelsB = ["gam", "shap"];
    public static readonly string[] Devices = ["desktop", "phone", "tablet"];

    /// <param name="cellSizes">Rows per cell in order (real,gam), (real,shap), (inverted,gam), (inverted,shap).</param>
    /// <param name="cuts">Latent cut points; ratings are 1 … cuts.Length + 1.</param>
    public static List<ModelRow> Generate(int seed, int[] cellSizes, double[] cuts, double interaction, bool covariates)
    {
        var random = new Random(seed);
        var rows = new List<ModelRow>();
        for (int cell = 0; cell < 4; cell++)
        {
            string a = LevelsA[cell / 2], b = LevelsB[cell % 2];
            for (int i = 0; i < cellSizes[cell]; i++)
            {
                double latent = (cell / 2) * -0.7 + (cell % 2) * 0.4 + (cell == 3 ? interaction : 0);
                var factors = new Dictionary<string, string> { ["A"] = a, ["B"] = b };
                var numerics = new Dictionary<string, double>();
                if (covariates)
                {
                    double experience = Math.Round(random.NextDouble() * 6, 1);
                    string device = Devices[random.Next(Devices.Length)];
                    factors["device"] = device;
                    numerics["experience"] = experience;
                    latent += 0.25 * experience + (device == "phone" ? -0.5 : 0);
                }

                double u = random.NextDouble();
                latent += Math.Log(u / (1 - u));
                int rating = 1 + cuts.Count(c => c < latent);
                rows.Add(new ModelRow(rating, factors, numerics));
            }
        }

        return rows;
    }

    public static string ToCsv(IReadOnlyList<ModelRow> rows)
    {
        var factorNames = rows[0].Factors.Keys.Order(StringComparer.Ordinal).ToList();
        var numericNames = (rows[0].Numerics ?? new Dictionary<string, double>()).Keys.Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder("rating");
        foreach (string name in factorNames.Concat(numericNames))
        {
            csv.Append(',').Append(name);
        }

        csv.Append('\n');
        foreach (var row in rows)
        {
            csv.Append(row.Outcome.ToString(CultureInfo.InvariantCulture));
            foreach (string name in factorNames)
            {
                csv.Append(',').Append(row.Factors[name]);
            }

            foreach (string name in numericNames)
            {
                csv.Append(',').Append(row.Numerics![name].ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }
}
